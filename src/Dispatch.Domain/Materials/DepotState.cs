using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Domain.Materials;

/// <summary>
/// A depot's stock per item: <see cref="OnHand"/> is what is physically there (reserved stock included),
/// <see cref="Reserved"/> what is set aside for allocations; available is the difference. Neither goes negative:
/// <see cref="DepotDecider"/> refuses every change that would make it so.
/// </summary>
public sealed record DepotState(Guid Id, string Name, GeoPoint Location, IReadOnlyDictionary<string, int> OnHand,
    IReadOnlyDictionary<string, int> Reserved)
{
    public long Version { get; init; }

    public int OnHandOf(string item) => OnHand.GetValueOrDefault(item);
    public int ReservedOf(string item) => Reserved.GetValueOrDefault(item);
    public int AvailableOf(string item) => OnHandOf(item) - ReservedOf(item);

    public static DepotState? Evolve(DepotState? state, object @event) => @event switch
    {
        DepotCommissioned e => new DepotState(e.DepotId, e.Name, e.Location, new Dictionary<string, int>(), new Dictionary<string, int>()),
        MaterialsReceived e when state is not null => state with { OnHand = Add(state.OnHand, e.Lines, +1) },
        MaterialsReserved e when state is not null => state with { Reserved = Add(state.Reserved, e.Lines, +1) },
        MaterialsDispatched e when state is not null => state with
        {
            OnHand = Add(state.OnHand, e.Lines, -1), Reserved = Add(state.Reserved, e.Lines, -1),
        },
        MaterialsReturned e when state is not null => state with { OnHand = Add(state.OnHand, e.Lines, +1) },
        MaterialReservationReleased e when state is not null => state with { Reserved = Add(state.Reserved, e.Lines, -1) },
        MaterialsWrittenOff e when state is not null => state with { OnHand = Add(state.OnHand, e.Lines, -1) },
        ReliefMaterialsIssued e when state is not null => state with { OnHand = Add(state.OnHand, e.Lines, -1) },
        _ => state,
    };

    private static Dictionary<string, int> Add(IReadOnlyDictionary<string, int> stock, IEnumerable<MaterialLine> lines, int sign)
    {
        var result = new Dictionary<string, int>(stock, StringComparer.Ordinal);
        foreach (var line in lines) result[line.Item] = result.GetValueOrDefault(line.Item) + sign * line.Quantity;
        return result;
    }
}

/// <summary>The depot's rules: stock is counted in whole units above zero, and nothing is taken that is not there.</summary>
public static class DepotDecider
{
    public static Decision Receive(DepotState? depot, IReadOnlyList<MaterialLine> lines, string? note, string actor, Instant now) =>
        depot is null ? NotFound() : Decision.Accept(new MaterialsReceived(depot.Id, lines, note, actor, now));

    public static Decision WriteOff(DepotState? depot, IReadOnlyList<MaterialLine> lines, string reason, string actor, Instant now) =>
        depot is null ? NotFound()
        : Short(depot, lines, "write off") is { } shortage ? shortage
        : Decision.Accept(new MaterialsWrittenOff(depot.Id, lines, reason, actor, now));

    public static Decision Reserve(DepotState? depot, Guid allocationId, Guid incidentId, IReadOnlyList<MaterialLine> lines, string actor,
        Instant now) =>
        depot is null ? NotFound()
        : Short(depot, lines, "reserve") is { } shortage ? shortage
        : Decision.Accept(new MaterialsReserved(depot.Id, allocationId, incidentId, lines, actor, now));

    public static Decision Issue(DepotState? depot, Guid roundId, Guid issueId, IReadOnlyList<MaterialLine> lines, string actor, Instant now) =>
        depot is null ? NotFound()
        : Short(depot, lines, "issue") is { } shortage ? shortage
        : Decision.Accept(new ReliefMaterialsIssued(depot.Id, roundId, issueId, lines, actor, now));

    /// <summary>Reserved stock leaves; the allocation says how much is reserved for it, this checks the depot holds that much.</summary>
    public static Decision Dispatch(DepotState? depot, Guid allocationId, Guid incidentId, IReadOnlyList<MaterialLine> lines, string actor,
        Instant now)
    {
        if (depot is null) return NotFound();
        var over = lines.FirstOrDefault(l => l.Quantity > depot.ReservedOf(l.Item) || l.Quantity > depot.OnHandOf(l.Item));
        return over is not null
            ? Decision.Reject(RejectionKind.Conflict, "not-reserved",
                $"{depot.Name} holds {depot.ReservedOf(over.Item)} {over.Item} reserved; {over.Quantity} cannot be dispatched.")
            : Decision.Accept(new MaterialsDispatched(depot.Id, allocationId, incidentId, lines, actor, now));
    }

    public static Decision Release(DepotState? depot, Guid allocationId, Guid incidentId, IReadOnlyList<MaterialLine> lines, string? reason,
        string actor, Instant now)
    {
        if (depot is null) return NotFound();
        var over = lines.FirstOrDefault(l => l.Quantity > depot.ReservedOf(l.Item));
        return over is not null
            ? Decision.Reject(RejectionKind.Conflict, "not-reserved",
                $"{depot.Name} holds {depot.ReservedOf(over.Item)} {over.Item} reserved; {over.Quantity} cannot be released.")
            : Decision.Accept(new MaterialReservationReleased(depot.Id, allocationId, incidentId, lines, reason, actor, now));
    }

    public static Decision Return(DepotState? depot, Guid allocationId, Guid incidentId, IReadOnlyList<MaterialLine> lines, string? note,
        string actor, Instant now) =>
        depot is null ? NotFound() : Decision.Accept(new MaterialsReturned(depot.Id, allocationId, incidentId, lines, note, actor, now));

    private static Decision? Short(DepotState depot, IReadOnlyList<MaterialLine> lines, string what)
    {
        var short_ = lines.FirstOrDefault(l => l.Quantity > depot.AvailableOf(l.Item));
        return short_ is null ? null
            : Decision.Reject(RejectionKind.RuleViolation, "insufficient-stock",
                $"{depot.Name} has {depot.AvailableOf(short_.Item)} {short_.Item} available; cannot {what} {short_.Quantity}.");
    }

    private static Decision NotFound() => Decision.Reject(RejectionKind.NotFound, "depot-not-found", "No such depot.");
}
