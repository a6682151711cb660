using Dispatch.Domain.Units;

namespace Dispatch.Domain.Duty;

/// <summary>Who crews which unit now: the roster file's crews, overridden unit by unit by crew-change events.</summary>
public static class Crews
{
    public static IReadOnlyList<Officer> Current(IReadOnlyList<Officer> roster, IEnumerable<UnitState> units)
    {
        var changed = units.Where(u => u.Officers is not null).ToList();
        var changedUnits = changed.Select(u => u.CallSign).ToHashSet(StringComparer.Ordinal);
        var assigned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var unit in changed)
        foreach (var badge in unit.Officers!)
            assigned.TryAdd(badge, unit.CallSign);
        return [.. roster.Select(o => assigned.TryGetValue(o.Badge, out var unit)
            ? o with { Unit = unit }
            : o.Unit is { } listed && changedUnits.Contains(listed) ? o with { Unit = null } : o)];
    }
}
