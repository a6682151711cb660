using Dispatch.Domain.Time;
using NodaTime;

namespace Dispatch.Domain.Duty;

public sealed record LevelChange(DutyLevel Level, Instant EffectiveAt, string Issuer, string Reason, string Actor, Instant RecordedAt);

/// <summary>The county duty stream folded: every level change in effective order, and the designated peak-duty periods.</summary>
public sealed record CountyDutyState(Guid Id, IReadOnlyList<LevelChange> Changes, IReadOnlyList<DesignatedPeriod> Designated)
{
    /// <summary>The one county duty stream.</summary>
    public static readonly Guid StreamId = Guid.Parse("01a22ee6-d000-7000-8000-000000000001");

    public long Version { get; init; }

    public DutyLevel LevelAt(Instant at) => Changes.LastOrDefault(c => c.EffectiveAt <= at)?.Level ?? DutyLevel.Normal;

    public LevelChange? ChangeInForceAt(Instant at) => Changes.LastOrDefault(c => c.EffectiveAt <= at);

    public static CountyDutyState? Evolve(CountyDutyState? state, object @event) => @event switch
    {
        DutyLevelChanged e => (state ?? Empty) with
        {
            // Stable order: effective time, then the order recorded; the later of two at one instant wins.
            Changes = [.. (state ?? Empty).Changes, new LevelChange(e.Level, e.EffectiveAt, e.Issuer, e.Reason, e.Actor, e.OccurredAt)],
        },
        PeakDutyDesignated e => (state ?? Empty) with { Designated = [.. (state ?? Empty).Designated, new DesignatedPeriod(e.From, e.To, e.Reason)] },
        _ => state,
    };

    private static readonly CountyDutyState Empty = new(StreamId, [], []);
}

public static class DutyDecider
{
    /// <summary>How far back a change may be dated: enough for a slow request, less than the missed-visit grace.</summary>
    public static readonly Duration BackdatingTolerance = Duration.FromMinutes(1);
    public static readonly Duration LongestNotice = Duration.FromDays(7);

    public static Decision ChangeLevel(CountyDutyState? state, DutyLevel level, Instant? effectiveAt, string issuer, string reason,
        string actor, Instant now)
    {
        var effective = effectiveAt ?? now;
        if (effective < now - BackdatingTolerance)
            return Decision.Reject(RejectionKind.RuleViolation, "effective-time-in-past",
                "A duty level change cannot be backdated: the visit intervals already judged would change under the inspectors' feet.");
        if (effective > now + LongestNotice)
            return Decision.Reject(RejectionKind.RuleViolation, "effective-time-too-far",
                $"A duty level change may be announced at most {LongestNotice.Days} days ahead.");
        var last = state?.Changes.LastOrDefault();
        if (last is not null && effective < last.EffectiveAt)
            return Decision.Reject(RejectionKind.Conflict, "before-last-change",
                $"The last change ({last.Level}) takes effect at {last.EffectiveAt}; a new one cannot take effect before it.");
        // Re-sending the change in force is a retry, not news.
        if (last is not null && last.Level == level && last.Issuer == issuer && last.Reason == reason) return Decision.NoOp;
        return Decision.Accept(new DutyLevelChanged(level, effective, issuer, reason, actor, now));
    }

    public static Decision Designate(CountyDutyState? state, LocalDate from, LocalDate to, string reason, string actor, Instant now)
    {
        if (to < from) return Decision.Reject(RejectionKind.RuleViolation, "range-reversed", "'to' is before 'from'.");
        if (Period.Between(from, to, PeriodUnits.Days).Days > 62)
            return Decision.Reject(RejectionKind.RuleViolation, "range-too-long", "A designated period may last at most 63 days.");
        if (state?.Designated.Any(d => d.From == from && d.To == to && d.Reason == reason) == true) return Decision.NoOp;
        return Decision.Accept(new PeakDutyDesignated(from, to, reason, actor, now));
    }
}
