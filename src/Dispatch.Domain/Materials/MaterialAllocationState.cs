using NodaTime;

namespace Dispatch.Domain.Materials;

/// <summary>One depot's part of an allocation: allocated, then dispatched or released; dispatched stock may come back.</summary>
public sealed record AllocationLine(Guid DepotId, string Item, int Allocated, int Dispatched, int Returned, int Released)
{
    /// <summary>Still set aside at the depot.</summary>
    public int Reserved => Allocated - Dispatched - Released;

    /// <summary>Out at the incident.</summary>
    public int Outstanding => Dispatched - Returned;
}

/// <summary>An allocation of materials to an incident, with the decision that made it and what became of each line.</summary>
public sealed record MaterialAllocationState(Guid Id, Guid IncidentId, Instant AllocatedAt, string AllocatedBy, string RequirementSource,
    IReadOnlyList<MaterialLine> Requirements, IReadOnlyList<DepotConsidered> Depots, IReadOnlyList<AllocationLine> Lines,
    IReadOnlyList<MaterialLine> Shortfall)
{
    public long Version { get; init; }

    public static MaterialAllocationState? Evolve(MaterialAllocationState? state, object @event) => @event switch
    {
        MaterialsAllocated e => new MaterialAllocationState(e.AllocationId, e.IncidentId, e.OccurredAt, e.Actor, e.RequirementSource,
            e.Requirements, e.Depots, e.Taken.Select(t => new AllocationLine(t.DepotId, t.Item, t.Quantity, 0, 0, 0)).ToList(), e.Shortfall),
        AllocationLinesDispatched e when state is not null => state with
        {
            Lines = Change(state.Lines, e.Lines, (l, q) => l with { Dispatched = l.Dispatched + q }),
        },
        AllocationLinesReturned e when state is not null => state with
        {
            Lines = Change(state.Lines, e.Lines, (l, q) => l with { Returned = l.Returned + q }),
        },
        AllocationLinesReleased e when state is not null => state with
        {
            Lines = Change(state.Lines, e.Lines, (l, q) => l with { Released = l.Released + q }),
        },
        _ => state,
    };

    private static List<AllocationLine> Change(IReadOnlyList<AllocationLine> lines, IReadOnlyList<DepotLine> changes,
        Func<AllocationLine, int, AllocationLine> apply) =>
        lines.Select(l => changes.Where(c => c.DepotId == l.DepotId && c.Item == l.Item).Sum(c => c.Quantity) is var q and > 0 ? apply(l, q) : l)
            .ToList();
}

/// <summary>
/// What may happen to an allocation's lines. Omitted lines mean "all of them": every reserved line for dispatch and release,
/// every outstanding line for a return. Each decision names the depot events to append beside it.
/// </summary>
public static class AllocationDecider
{
    public static Decision Dispatch(MaterialAllocationState? allocation, IReadOnlyList<DepotLine>? lines, string actor, Instant now)
    {
        if (allocation is null) return NotFound();
        var chosen = lines ?? allocation.Lines.Where(l => l.Reserved > 0).Select(l => new DepotLine(l.DepotId, l.Item, l.Reserved)).ToList();
        if (chosen.Count == 0) return Decision.Reject(RejectionKind.Conflict, "nothing-reserved", "Nothing of this allocation is still reserved.");
        return Exceeds(allocation, chosen, l => l.Reserved, "reserved") ?? Decision.Accept(
            new AllocationLinesDispatched(allocation.Id, allocation.IncidentId, chosen, actor, now));
    }

    public static Decision Release(MaterialAllocationState? allocation, IReadOnlyList<DepotLine>? lines, string? reason, string actor,
        Instant now)
    {
        if (allocation is null) return NotFound();
        var chosen = lines ?? allocation.Lines.Where(l => l.Reserved > 0).Select(l => new DepotLine(l.DepotId, l.Item, l.Reserved)).ToList();
        if (chosen.Count == 0) return Decision.Reject(RejectionKind.Conflict, "nothing-reserved", "Nothing of this allocation is still reserved.");
        return Exceeds(allocation, chosen, l => l.Reserved, "reserved") ?? Decision.Accept(
            new AllocationLinesReleased(allocation.Id, allocation.IncidentId, chosen, reason, actor, now));
    }

    public static Decision Return(MaterialAllocationState? allocation, IReadOnlyList<DepotLine>? lines, string? note, string actor, Instant now)
    {
        if (allocation is null) return NotFound();
        var chosen = lines ?? allocation.Lines.Where(l => l.Outstanding > 0).Select(l => new DepotLine(l.DepotId, l.Item, l.Outstanding)).ToList();
        if (chosen.Count == 0) return Decision.Reject(RejectionKind.Conflict, "nothing-outstanding", "Nothing of this allocation is out at the incident.");
        return Exceeds(allocation, chosen, l => l.Outstanding, "out at the incident") ?? Decision.Accept(
            new AllocationLinesReturned(allocation.Id, allocation.IncidentId, chosen, note, actor, now));
    }

    private static Decision? Exceeds(MaterialAllocationState allocation, IReadOnlyList<DepotLine> chosen, Func<AllocationLine, int> limit,
        string what)
    {
        foreach (var group in chosen.GroupBy(c => (c.DepotId, c.Item)))
        {
            var line = allocation.Lines.FirstOrDefault(l => l.DepotId == group.Key.DepotId && l.Item == group.Key.Item);
            var asked = group.Sum(c => c.Quantity);
            var have = line is null ? 0 : limit(line);
            if (asked > have)
                return Decision.Reject(RejectionKind.Conflict, "exceeds-allocation",
                    $"The allocation has {have} {group.Key.Item} from depot {group.Key.DepotId} {what}; {asked} asked.");
        }
        return null;
    }

    private static Decision NotFound() => Decision.Reject(RejectionKind.NotFound, "allocation-not-found", "No such material allocation.");
}
