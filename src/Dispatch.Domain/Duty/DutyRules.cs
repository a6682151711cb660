using System.Text.Json.Serialization;
using NodaTime;

namespace Dispatch.Domain.Duty;

/// <summary>The county-wide duty level (勤务等级): normal (常态), then level 3, 2 and 1, each adding street forces.</summary>
public enum DutyLevel
{
    [JsonStringEnumMemberName("normal")] Normal,
    [JsonStringEnumMemberName("level-3")] Level3,
    [JsonStringEnumMemberName("level-2")] Level2,
    [JsonStringEnumMemberName("level-1")] Level1,
}

/// <summary>The forces the plan names; minimum street shares are set for the first two only.</summary>
public enum Force
{
    SpecialPatrol,
    HqStaff,
    TrafficHighway,
    TrafficUrban,
    TownshipStation,
    VillageGroup,
}

/// <param name="MinimumStreetShare">Per force, the least share of its officers on the street; forces not listed have no minimum.</param>
/// <param name="FromPlan">False where the plan states nothing and the value is the county's own setting (the normal level).</param>
public sealed record LevelRule(DutyLevel Level, IReadOnlyDictionary<Force, double> MinimumStreetShare, int VisitEveryMinutes,
    bool FromPlan)
{
    public Duration VisitInterval => Duration.FromMinutes(VisitEveryMinutes);
}

/// <summary>A named shift starting at a local time; it runs until the next shift starts, across midnight if need be.</summary>
public sealed record Shift(string Name, string NameZh, LocalTime Starts);

public sealed record PeakRule(IReadOnlyList<LocalTime> Centres, Duration HalfWidth, double PresenceRadiusMetres);

public sealed record CheckInRule(double MaxDistanceMetres, Duration MaxDeviceClockAhead, Duration MaxAge, int MaxBatchItems);

public sealed record RollCallRule(Duration AnswerWithin, Duration LateWindow);

/// <summary>The duty plan as data (duty.json): level rules, shifts, peak windows, check-in, roll-call limits.</summary>
public sealed record DutyRules(
    string Source, IReadOnlyList<LevelRule> Levels, Duration MissedVisitGrace, IReadOnlyList<Shift> Shifts, PeakRule Peak,
    CheckInRule CheckIn, RollCallRule RollCall)
{
    public LevelRule For(DutyLevel level) => Levels.Single(l => l.Level == level);

    public IEnumerable<string> Problems()
    {
        foreach (var level in Enum.GetValues<DutyLevel>())
            if (Levels.Count(l => l.Level == level) != 1) yield return $"duty: level {level} must be defined exactly once";
        foreach (var rule in Levels)
        {
            if (rule.VisitEveryMinutes is < 10 or > 24 * 60) yield return $"duty: {rule.Level} visit interval out of range";
            foreach (var (force, share) in rule.MinimumStreetShare)
                if (share is < 0 or > 1) yield return $"duty: {rule.Level} share for {force} must be within 0..1";
        }
        if (Shifts.Count == 0) yield return "duty: at least one shift";
        if (Shifts.Select(s => s.Starts).Distinct().Count() != Shifts.Count) yield return "duty: shifts must start at different times";
        if (MissedVisitGrace < Duration.Zero) yield return "duty: grace must not be negative";
    }
}
