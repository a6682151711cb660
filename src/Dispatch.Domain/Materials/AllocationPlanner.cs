using Dispatch.Domain.Geo;
using Dispatch.Domain.Roads;

namespace Dispatch.Domain.Materials;

/// <summary>A depot as the planner sees it: where it is and what it has available now.</summary>
public sealed record DepotStock(Guid DepotId, string Name, GeoPoint Location, IReadOnlyList<MaterialLine> Available);

public sealed record AllocationPlan(IReadOnlyList<DepotConsidered> Depots, IReadOnlyList<DepotLine> Taken, IReadOnlyList<MaterialLine> Shortfall);

/// <summary>
/// Which depot gives what. Depots rank by road time from the depot to the incident (one backward search from the incident
/// reaches every depot, <see cref="TravelTimeSearch"/>); ties by name, then id. Each item comes from the fastest depot
/// that has it, split over the next ones when it is short; what no reachable depot has is the shortfall.
/// </summary>
public static class AllocationPlanner
{
    public static AllocationPlan Plan(RoadGraph roads, GeoPoint incident, IReadOnlyList<DepotStock> depots, TravelConditions conditions,
        IReadOnlyList<MaterialLine> requirements)
    {
        var etas = TravelTimeSearch.EtasTo(roads, incident, depots.Select(d => (d.DepotId, d.Location)).ToList(), conditions);
        return Plan(depots, etas, incident, requirements);
    }

    /// <summary>The same, with the road times given: what an auditor re-runs from the recorded <see cref="DepotConsidered"/>.</summary>
    public static AllocationPlan Plan(IReadOnlyList<DepotStock> depots, IReadOnlyDictionary<Guid, RoadEta> etas, GeoPoint incident,
        IReadOnlyList<MaterialLine> requirements)
    {
        var ranked = depots
            .OrderBy(d => etas.TryGetValue(d.DepotId, out var eta) ? eta.Seconds : double.PositiveInfinity)
            .ThenBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.DepotId)
            .ToList();
        var considered = new List<DepotConsidered>();
        var rank = 0;
        foreach (var depot in ranked)
        {
            var reachable = etas.TryGetValue(depot.DepotId, out var eta);
            considered.Add(new DepotConsidered(depot.DepotId, depot.Name, reachable ? ++rank : null,
                reachable ? Math.Round(eta!.Seconds, 1) : null, reachable ? Math.Round(eta!.RoadMetres, 1) : null,
                Math.Round(LocalProjection.DistanceMetres(incident, depot.Location), 1),
                depot.Available.Where(a => requirements.Any(r => r.Item == a.Item)).OrderBy(a => a.Item, StringComparer.Ordinal).ToList()));
        }

        var taken = new List<DepotLine>();
        var shortfall = new List<MaterialLine>();
        foreach (var requirement in requirements)
        {
            var remaining = requirement.Quantity;
            foreach (var depot in ranked.Where(d => etas.ContainsKey(d.DepotId)))
            {
                if (remaining == 0) break;
                var available = depot.Available.Where(a => a.Item == requirement.Item).Sum(a => a.Quantity);
                var take = Math.Min(remaining, available);
                if (take <= 0) continue;
                taken.Add(new DepotLine(depot.DepotId, requirement.Item, take));
                remaining -= take;
            }
            if (remaining > 0) shortfall.Add(requirement with { Quantity = remaining });
        }
        return new AllocationPlan(considered, taken, shortfall);
    }
}
