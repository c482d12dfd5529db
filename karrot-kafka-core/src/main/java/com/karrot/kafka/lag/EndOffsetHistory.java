package com.karrot.kafka.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The end offsets one partition had at the reads, oldest first: Burrow's broker offsets, and the points from which
 * the time a message was written is interpolated (kafka-lag-exporter's method). While the end offset does not move,
 * only the first and the last read of it are kept, so an idle partition does not push older points out. An end
 * offset below the newest one (the topic was deleted and created again) starts the history anew. Not thread-safe.
 */
final class EndOffsetHistory {

    /** The partition's end offset at one read. */
    record Point(long offset, Instant time) {
    }

    private final SampleWindow<Point> points;

    EndOffsetHistory(int capacity, Duration samplingInterval) {
        this.points = new SampleWindow<>(capacity, samplingInterval, Point::time);
    }

    void observe(long endOffset, Instant time) {
        Point point = new Point(endOffset, time);
        int size = this.points.size();
        if (size > 0 && this.points.get(size - 1).offset() > endOffset) {
            this.points.clear();
        }
        else if (size >= 2 && this.points.get(size - 1).offset() == endOffset
                && this.points.get(size - 2).offset() == endOffset) {
            this.points.replaceNewest(point);
            return;
        }
        this.points.add(point);
    }

    /** The newest end offsets, at most {@code count}, oldest first. */
    List<Long> recent(int count) {
        List<Point> all = this.points.samples();
        return all.subList(Math.max(0, all.size() - count), all.size()).stream().map(Point::offset).toList();
    }

    /**
     * When the message at an offset was written, interpolated linearly between the last read that had the end
     * offset at or below it and the next read.
     * @param offset an offset below the newest end offset
     * @return the estimate, or {@code null} when the history does not reach back to that offset (or the offset is
     * not below the newest end offset)
     */
    @Nullable Instant written(long offset) {
        List<Point> all = this.points.samples();
        if (all.isEmpty() || offset >= all.get(all.size() - 1).offset()) {
            return null;
        }
        for (int i = all.size() - 2; i >= 0; i--) {
            Point before = all.get(i);
            if (before.offset() <= offset) {
                Point after = all.get(i + 1);
                long span = Duration.between(before.time(), after.time()).toMillis();
                double share = (double) (offset - before.offset()) / (after.offset() - before.offset());
                return before.time().plusMillis(Math.round(share * span));
            }
        }
        return null;
    }
}
