using NodaTime;

namespace Dispatch.Domain.Duty;

/// <summary>
/// One visit interval, half-open [Start, End), of the level in force at its start. An interval cut short by a
/// level change owes a visit only if it already lasted as long as the new level's interval: then it is overdue
/// under either level; otherwise nobody could have known to hurry, and no alert is raised for it.
/// </summary>
public sealed record VisitInterval(Instant Start, Instant End, DutyLevel Level, bool Owed)
{
    public bool Contains(Instant at) => at >= Start && at < End;
}

/// <summary>
/// Must-patrol points are visited once per interval of the level in force. Intervals run county-wide from
/// each level change's effective time; a change re-plans them from its effective time.
/// </summary>
public static class VisitSchedule
{
    /// <summary>Intervals that overlap [from, until), in time order.</summary>
    public static IEnumerable<VisitInterval> Between(IReadOnlyList<LevelChange> changes, DutyRules rules, Instant from, Instant until)
    {
        for (var i = 0; i < changes.Count; i++)
        {
            var periodStart = changes[i].EffectiveAt;
            var next = i + 1 < changes.Count ? changes[i + 1] : null;
            var periodEnd = next?.EffectiveAt ?? Instant.MaxValue;
            if (periodEnd <= periodStart || periodEnd <= from || periodStart >= until) continue;

            var length = rules.For(changes[i].Level).VisitInterval;
            var skip = from > periodStart ? (long)Math.Floor((from - periodStart) / length) : 0;
            for (var start = periodStart + length * skip; start < periodEnd && start < until; start += length)
            {
                var end = start + length;
                if (end <= periodEnd)
                {
                    yield return new VisitInterval(start, end, changes[i].Level, Owed: true);
                    continue;
                }
                var owed = next is not null && periodEnd - start >= rules.For(next.Level).VisitInterval;
                yield return new VisitInterval(start, periodEnd, changes[i].Level, owed);
            }
        }
    }

    public static VisitInterval? Containing(IReadOnlyList<LevelChange> changes, DutyRules rules, Instant at) =>
        Between(changes, rules, at, at + Duration.FromNanoseconds(1)).FirstOrDefault(i => i.Contains(at));

    /// <summary>Owed intervals whose grace ran out in (after, upTo]: the ones a sweep at <paramref name="upTo"/> must judge.</summary>
    public static IEnumerable<VisitInterval> DueBetween(IReadOnlyList<LevelChange> changes, DutyRules rules, Instant after, Instant upTo)
    {
        var grace = rules.MissedVisitGrace;
        var longest = Duration.FromMinutes(rules.Levels.Max(l => l.VisitEveryMinutes));
        return Between(changes, rules, after - grace - longest, upTo - grace)
            .Where(i => i.Owed && i.End + grace > after && i.End + grace <= upTo);
    }

    /// <summary>When the next owed interval after <paramref name="now"/> falls due, as the schedule stands.</summary>
    public static Instant? NextDue(IReadOnlyList<LevelChange> changes, DutyRules rules, Instant now)
    {
        var grace = rules.MissedVisitGrace;
        var longest = Duration.FromMinutes(rules.Levels.Max(l => l.VisitEveryMinutes));
        return Between(changes, rules, now - grace - longest, now + longest * 2)
            .Where(i => i.Owed && i.End + grace > now)
            .Select(i => (Instant?)(i.End + grace))
            .FirstOrDefault();
    }
}
