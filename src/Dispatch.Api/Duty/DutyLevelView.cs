using System.Text.Json;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Time;
using NodaTime;

namespace Dispatch.Api.Duty;

/// <param name="MinimumStreetShare">Keyed by force as the enums are written elsewhere ("special-patrol"), not camelCased.</param>
public sealed record LevelRuleView(DutyLevel Level, IReadOnlyDictionary<string, double> MinimumStreetShare, int VisitEveryMinutes, bool FromPlan)
{
    public static LevelRuleView From(LevelRule rule) => new(rule.Level,
        rule.MinimumStreetShare.ToDictionary(kv => JsonNamingPolicy.KebabCaseLower.ConvertName(kv.Key.ToString()), kv => kv.Value),
        rule.VisitEveryMinutes, rule.FromPlan);
}

public sealed record DutyLevelView(DutyLevel Level, Instant InForceSince, string Issuer, string Reason, LevelRuleView Rule,
    IReadOnlyList<LevelChange> Upcoming, IReadOnlyList<LevelChange> History, IReadOnlyList<DesignatedPeriod> Designated,
    Instant AsOf, long Version)
{
    public static DutyLevelView From(CountyDutyState state, ReferenceData reference, Instant now)
    {
        var inForce = state.ChangeInForceAt(now) ?? state.Changes[0];
        var rule = reference.Duty.For(inForce.Level);
        return new DutyLevelView(inForce.Level, inForce.EffectiveAt, inForce.Issuer, inForce.Reason,
            LevelRuleView.From(rule),
            [.. state.Changes.Where(c => c.EffectiveAt > now)], state.Changes, state.Designated, now, state.Version);
    }
}
