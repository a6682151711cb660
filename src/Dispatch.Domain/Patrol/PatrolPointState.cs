using System.Security.Cryptography;
using System.Text;
using Dispatch.Domain.Duty;
using NodaTime;

namespace Dispatch.Domain.Patrol;

public sealed record VisitRecord(string ClientId, Guid UnitId, string CallSign, Instant DeviceTime, Instant ReceivedAt);

public sealed record AlertRecord(Instant IntervalStart, Instant IntervalEnd, DutyLevel Level, Instant RaisedAt,
    Instant? RetractedAt, string? RetractedBy);

/// <summary>
/// A must-patrol point's (or line's) stream folded for writing: the visits and alerts of the last
/// <see cref="Horizon"/> (older ones cannot change any decision: check-ins older than 72 hours are refused),
/// so the document stays small however long the county runs. The full history is in <see cref="PatrolDay"/>.
/// </summary>
public sealed record PatrolPointState(Guid Id, string PointId, IReadOnlyList<VisitRecord> Visits, IReadOnlyList<AlertRecord> Alerts)
{
    public static readonly Duration Horizon = Duration.FromDays(8);

    public long Version { get; init; }

    /// <summary>The latest business time among the events applied: what the horizon is measured from.</summary>
    public Instant Newest { get; init; }

    private PatrolPointState Pruned(Instant eventTime)
    {
        var newest = eventTime > Newest ? eventTime : Newest;
        var cutoff = newest - Horizon;
        return this with
        {
            Newest = newest,
            Visits = Visits.Any(v => v.DeviceTime < cutoff) ? [.. Visits.Where(v => v.DeviceTime >= cutoff)] : Visits,
            Alerts = Alerts.Any(a => a.IntervalEnd < cutoff) ? [.. Alerts.Where(a => a.IntervalEnd >= cutoff)] : Alerts,
        };
    }

    /// <summary>Each point has one stream, its id derived from the point's id so every node finds the same one.</summary>
    public static Guid StreamIdFor(string pointId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("wuyang:patrol-point:" + pointId));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom), variant 10
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public VisitRecord? FirstVisitIn(VisitInterval interval) => Visits.FirstOrDefault(v => interval.Contains(v.DeviceTime));

    public AlertRecord? AlertFor(VisitInterval interval) => Alerts.FirstOrDefault(a => a.IntervalStart == interval.Start);

    public static PatrolPointState? Evolve(PatrolPointState? state, object @event)
    {
        switch (@event)
        {
            case PatrolPointVisited e:
            {
                var current = state ?? new PatrolPointState(StreamIdFor(e.PointId), e.PointId, [], []);
                var visit = new VisitRecord(e.ClientId, e.UnitId, e.CallSign, e.OccurredAt, e.ReceivedAt);
                // Device time, not arrival, orders the visits: an offline batch lands where it happened.
                return (current with { Visits = [.. current.Visits.Append(visit).OrderBy(v => v.DeviceTime).ThenBy(v => v.ReceivedAt)] })
                    .Pruned(e.OccurredAt);
            }
            case MissedVisitRaised e:
            {
                var current = state ?? new PatrolPointState(StreamIdFor(e.PointId), e.PointId, [], []);
                return (current with { Alerts = [.. current.Alerts, new AlertRecord(e.IntervalStart, e.IntervalEnd, e.Level, e.OccurredAt, null, null)] })
                    .Pruned(e.OccurredAt);
            }
            case MissedVisitRetracted e when state is not null:
                return state with
                {
                    Alerts = [.. state.Alerts.Select(a => a.IntervalStart == e.IntervalStart && a.RetractedAt is null
                        ? a with { RetractedAt = e.OccurredAt, RetractedBy = e.ClientId }
                        : a)],
                };
            default:
                return state;
        }
    }
}

public static class PatrolDecider
{
    /// <summary>A stored check-in, and the retraction of the alert for its interval if one stands.</summary>
    public static IReadOnlyList<object> CheckIn(PatrolPointState? point, PatrolPointVisited visit, VisitInterval? interval,
        Instant now)
    {
        var events = new List<object> { visit };
        if (interval is not null && point?.AlertFor(interval) is { RetractedAt: null } alert)
            events.Add(new MissedVisitRetracted(visit.PointId, alert.IntervalStart, alert.IntervalEnd, visit.ClientId, visit.UnitId,
                visit.OccurredAt, visit.Actor, now));
        return events;
    }

    /// <summary>An alert for an owed interval that closed unvisited; nothing if visited or already raised.</summary>
    public static MissedVisitRaised? JudgeInterval(PatrolPointState? point, string pointId, VisitInterval interval, string actor, Instant now)
    {
        if (!interval.Owed) return null;
        if (point?.FirstVisitIn(interval) is not null) return null;
        if (point?.AlertFor(interval) is not null) return null;
        return new MissedVisitRaised(pointId, interval.Start, interval.End, interval.Level, actor, now);
    }
}
