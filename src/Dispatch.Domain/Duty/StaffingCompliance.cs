using Dispatch.Domain.Units;

namespace Dispatch.Domain.Duty;

/// <param name="MinimumShare">Null where the plan sets no minimum for the force.</param>
/// <param name="Shortfall">People missing from the street to reach the minimum; zero when met.</param>
public sealed record ForceStaffing(Force Force, int Officers, int OnStreet, double Share, double? MinimumShare, int? RequiredOnStreet,
    int Shortfall, bool Meets, IReadOnlyList<string> UnitsOnStreet);

public sealed record StaffingReport(DutyLevel Level, IReadOnlyList<ForceStaffing> Forces, bool Meets, int Shortfall);

/// <summary>
/// How much of each force is on the street against the minimum of the level in force. An officer is on the
/// street while the unit they crew is on duty: anything but off duty and out of service.
/// </summary>
public static class StaffingCompliance
{
    public static bool IsOnStreet(UnitStatus status) => status is not (UnitStatus.OffDuty or UnitStatus.OutOfService);

    public static StaffingReport Compute(IReadOnlyList<Officer> roster, IReadOnlyDictionary<string, UnitStatus> unitStatusByCallSign,
        LevelRule rule)
    {
        var forces = roster.GroupBy(o => o.Force).OrderBy(g => g.Key).Select(group =>
        {
            var onStreetOfficers = group.Where(o => o.Unit is { } unit && unitStatusByCallSign.TryGetValue(unit, out var status) && IsOnStreet(status)).ToList();
            var total = group.Count();
            var onStreet = onStreetOfficers.Count;
            double? minimum = rule.MinimumStreetShare.TryGetValue(group.Key, out var share) ? share : null;
            // Rounded up: at least 30% of 13 officers is 4 people, not 3.9.
            int? required = minimum is { } m ? (int)Math.Ceiling(m * total - 1e-9) : null;
            var shortfall = required is { } r ? Math.Max(0, r - onStreet) : 0;
            return new ForceStaffing(group.Key, total, onStreet, total == 0 ? 0 : (double)onStreet / total, minimum, required,
                shortfall, shortfall == 0, [.. onStreetOfficers.Select(o => o.Unit!).Distinct().Order(StringComparer.Ordinal)]);
        }).ToList();
        return new StaffingReport(rule.Level, forces, forces.All(f => f.Meets), forces.Sum(f => f.Shortfall));
    }
}
