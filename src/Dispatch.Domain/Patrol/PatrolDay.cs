using Dispatch.Domain.Time;
using NodaTime;

namespace Dispatch.Domain.Patrol;

/// <summary>
/// One must-patrol point's (or line's) visits and alerts of one local day (Asia/Shanghai): visits by their device
/// time's date, alerts by their interval's start date. The history the compliance views and reports read.
/// </summary>
public sealed record PatrolDay(string Id, string PointId, LocalDate Date, IReadOnlyList<VisitRecord> Visits, IReadOnlyList<AlertRecord> Alerts)
{
    public static string IdFor(string pointId, LocalDate date) => $"{pointId}/{date:yyyy-MM-dd}";

    public static string IdFor(string pointId, Instant at) => IdFor(pointId, at.InZone(PeakHours.China).Date);

    public static PatrolDay? Evolve(PatrolDay? day, string id, object @event)
    {
        var (pointId, date) = day is null ? Parse(id) : (day.PointId, day.Date);
        var folded = PatrolPointState.Evolve(new PatrolPointState(Guid.Empty, pointId, day?.Visits ?? [], day?.Alerts ?? []), @event)!;
        return new PatrolDay(id, pointId, date, folded.Visits, folded.Alerts);
    }

    /// <summary>The points' states over [from, to) assembled from their days, for the compliance views.</summary>
    public static IReadOnlyDictionary<string, PatrolPointState> Assemble(IEnumerable<PatrolDay> days) =>
        days.GroupBy(d => d.PointId).ToDictionary(g => g.Key, g => new PatrolPointState(PatrolPointState.StreamIdFor(g.Key), g.Key,
            [.. g.SelectMany(d => d.Visits).OrderBy(v => v.DeviceTime).ThenBy(v => v.ReceivedAt)],
            [.. g.SelectMany(d => d.Alerts).OrderBy(a => a.IntervalStart)]), StringComparer.Ordinal);

    /// <summary>The day ids that can hold visits and alerts of intervals starting in [from, to): a day either side for intervals across midnight.</summary>
    public static IReadOnlyList<string> IdsCovering(IEnumerable<string> pointIds, Instant from, Instant to)
    {
        var first = from.InZone(PeakHours.China).Date.PlusDays(-1);
        var last = to.InZone(PeakHours.China).Date.PlusDays(1);
        var ids = new List<string>();
        foreach (var point in pointIds)
            for (var date = first; date <= last; date = date.PlusDays(1))
                ids.Add(IdFor(point, date));
        return ids;
    }

    private static (string PointId, LocalDate Date) Parse(string id)
    {
        var slash = id.LastIndexOf('/');
        return (id[..slash], NodaTime.Text.LocalDatePattern.Iso.Parse(id[(slash + 1)..]).GetValueOrThrow());
    }
}
