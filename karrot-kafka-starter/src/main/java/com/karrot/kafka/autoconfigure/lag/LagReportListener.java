package com.karrot.kafka.autoconfigure.lag;

import com.karrot.kafka.lag.LagReport;

/** Told of each new lag report, on the thread that refreshed; kept free of optional libraries. */
@FunctionalInterface
interface LagReportListener {

    void refreshed(LagReport report);
}
