using NodaTime;

namespace Dispatch.Domain.Analytics;

/// <summary>The phases measured, each between two business times of one response.</summary>
public enum Phase
{
    CallProcessing,   // reported -> dispatched
    Acknowledgement,  // dispatched -> 签收
    Turnout,          // dispatched -> en route (出警)
    Travel,           // en route -> on scene
    TotalResponse,    // reported -> on scene (到场)
    OnScene,          // on scene -> cleared
    ToClear,          // reported -> cleared
}

/// <summary>Count and nearest-rank percentiles of one phase, in seconds; null percentiles when there is no sample.</summary>
public sealed record PhaseFigures(int Count, double? P50, double? P90, double? P99);

/// <summary>A half-open bucket [FromSeconds, ToSeconds): the lower edge belongs to it; the last one has no upper edge.</summary>
public sealed record Bucket(string Label, double FromSeconds, double? ToSeconds, int Count);

public static class ResponseStatistics
{
    /// <summary>签收 buckets: 0-30 s, 30-60 s, 60-120 s, 120-180 s, 180 s and over.</summary>
    public static readonly IReadOnlyList<double> AcknowledgementEdges = [0, 30, 60, 120, 180];

    /// <summary>出警 and 到场 buckets: 0-5, 5-10, 10-15, 15-30 minutes, 30 minutes and over.</summary>
    public static readonly IReadOnlyList<double> MinuteEdges = [0, 5 * 60, 10 * 60, 15 * 60, 30 * 60];

    /// <summary>
    /// The nearest-rank percentile of the raw samples: the smallest sample such that at least p% of the
    /// samples are at or below it (rank ⌈p/100·n⌉ of the sorted samples). Always one of the samples.
    /// </summary>
    public static double? Percentile(IReadOnlyList<double> samples, double p)
    {
        if (p is <= 0 or > 100) throw new ArgumentOutOfRangeException(nameof(p), "p must be in (0, 100].");
        if (samples.Count == 0) return null;
        var sorted = samples.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Max(rank, 1) - 1];
    }

    public static PhaseFigures Figures(IReadOnlyList<double> samples) =>
        new(samples.Count, Percentile(samples, 50), Percentile(samples, 90), Percentile(samples, 99));

    /// <summary>Counts per half-open bucket between the edges; a negative duration (a clock error) counts in the first.</summary>
    public static IReadOnlyList<Bucket> Buckets(IReadOnlyList<double> samples, IReadOnlyList<double> edges, Func<double, string> unit)
    {
        var buckets = new List<Bucket>();
        for (var i = 0; i < edges.Count; i++)
        {
            double from = edges[i];
            double? to = i + 1 < edges.Count ? edges[i + 1] : null;
            var count = samples.Count(s => (i == 0 || s >= from) && (to is null || s < to));
            buckets.Add(new Bucket(to is null ? $"≥{unit(from)}" : $"{unit(from)}-{unit(to.Value)}", from, to, count));
        }
        return buckets;
    }

    public static IReadOnlyList<Bucket> AcknowledgementBuckets(IReadOnlyList<double> seconds) =>
        Buckets(seconds, AcknowledgementEdges, s => $"{s:0}s");

    public static IReadOnlyList<Bucket> MinuteBuckets(IReadOnlyList<double> seconds) =>
        Buckets(seconds, MinuteEdges, s => $"{s / 60:0}min");

    public static double? Seconds(Instant? from, Instant? to) =>
        from is { } a && to is { } b ? (b - a).TotalSeconds : null;
}
