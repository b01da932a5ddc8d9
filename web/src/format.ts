// How numbers, money, shares and instants are shown.

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export function count(n: number | undefined | null): string {
  return n === undefined || n === null ? "–" : integer.format(n);
}

export function money(n: number | undefined | null): string {
  if (n === undefined || n === null) return "–";
  return Math.abs(n) >= 100_000 ? compact.format(n) : integer.format(n);
}

export function percent(share: number | undefined | null, digits = 1): string {
  return share === undefined || share === null || Number.isNaN(share) ? "–" : `${(100 * share).toFixed(digits)}%`;
}

export function fixed(n: number | undefined | null, digits = 3): string {
  return n === undefined || n === null ? "–" : n.toFixed(digits);
}

export function when(iso: string | undefined | null): string {
  if (!iso) return "–";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export const CHANNEL_COLOURS: Record<string, string> = {
  red: "#c62828",
  yellow: "#f9a825",
  green: "#2e7d32",
  blue: "#1565c0",
};
