#include "ingest/batch_queue.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace aduana {
namespace {

TEST(BoundedQueue, DeliversEverythingInOrderAcrossThreads) {
  BoundedQueue<int> queue(2);
  std::thread producer([&] {
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(queue.Push(i));
    queue.Close();
  });
  std::vector<int> received;
  while (std::optional<int> item = queue.Pop()) received.push_back(*item);
  producer.join();
  ASSERT_EQ(received.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(received[static_cast<size_t>(i)], i);
}

TEST(BoundedQueue, ClosingReleasesABlockedProducer) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.Push(1));
  bool pushed = true;
  std::thread producer([&] { pushed = queue.Push(2); });  // blocks: the queue is full
  queue.Close();                                          // the consumer gives up
  producer.join();
  EXPECT_FALSE(pushed);
  EXPECT_EQ(queue.Pop(), 1);  // what was queued before closing is still delivered
  EXPECT_EQ(queue.Pop(), std::nullopt);
}

}  // namespace
}  // namespace aduana
