using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Domain.Materials;

/// <summary>A quantity of one item (code from the depots file, e.g. <c>cotton-quilt</c>); always a whole number above zero.</summary>
public sealed record MaterialLine(string Item, int Quantity);

/// <summary>A quantity of one item at one depot.</summary>
public sealed record DepotLine(Guid DepotId, string Item, int Quantity);

// Depot stream: every change of stock is one of these.

/// <summary>A depot (仓库) opened at a place on the road network.</summary>
public sealed record DepotCommissioned(Guid DepotId, string Name, GeoPoint Location, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>Stock came in (delivery, initial stock).</summary>
public sealed record MaterialsReceived(Guid DepotId, IReadOnlyList<MaterialLine> Lines, string? Note, string Actor, Instant OccurredAt)
    : IDispatchEvent;

/// <summary>Stock set aside for an incident's allocation: still in the depot, no longer available.</summary>
public sealed record MaterialsReserved(Guid DepotId, Guid AllocationId, Guid IncidentId, IReadOnlyList<MaterialLine> Lines, string Actor,
    Instant OccurredAt) : IDispatchEvent;

/// <summary>Reserved stock left the depot for the incident.</summary>
public sealed record MaterialsDispatched(Guid DepotId, Guid AllocationId, Guid IncidentId, IReadOnlyList<MaterialLine> Lines, string Actor,
    Instant OccurredAt) : IDispatchEvent;

/// <summary>Dispatched stock came back from the incident.</summary>
public sealed record MaterialsReturned(Guid DepotId, Guid AllocationId, Guid IncidentId, IReadOnlyList<MaterialLine> Lines, string? Note,
    string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>A reservation given up before dispatch: the stock is available again.</summary>
public sealed record MaterialReservationReleased(Guid DepotId, Guid AllocationId, Guid IncidentId, IReadOnlyList<MaterialLine> Lines,
    string? Reason, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>Available stock written off (spoiled, lost, damaged), with the reason.</summary>
public sealed record MaterialsWrittenOff(Guid DepotId, IReadOnlyList<MaterialLine> Lines, string Reason, string Actor, Instant OccurredAt)
    : IDispatchEvent;

/// <summary>Relief supplies (救助物资) handed to a recipient of a distribution round left the depot.</summary>
public sealed record ReliefMaterialsIssued(Guid DepotId, Guid RoundId, Guid IssueId, IReadOnlyList<MaterialLine> Lines, string Actor,
    Instant OccurredAt) : IDispatchEvent;

// Allocation stream: the decision, then what happened to its lines.

/// <summary>A depot the allocation looked at: its road time to the incident (null: unreachable) and what it had available then.</summary>
public sealed record DepotConsidered(Guid DepotId, string Name, int? Rank, double? TravelSeconds, double? RoadMetres,
    double StraightLineMetres, IReadOnlyList<MaterialLine> Available);

/// <summary>
/// Materials allocated to an incident: the requirement and where it came from (<c>request</c>, later the emergency plan), every
/// depot considered with its road time and available stock, the lines taken (fastest depot first, split when short) and
/// the shortfall nobody could meet. <see cref="AllocationPlanner.Plan"/> re-run on these inputs gives the same lines.
/// </summary>
public sealed record MaterialsAllocated(Guid AllocationId, Guid IncidentId, GeoPoint IncidentLocation, string RoadGraphVersion, bool Peak,
    double SpeedFactor, double ApproachSpeedKph, string RequirementSource, IReadOnlyList<MaterialLine> Requirements,
    IReadOnlyList<DepotConsidered> Depots, IReadOnlyList<DepotLine> Taken, IReadOnlyList<MaterialLine> Shortfall, string Actor,
    Instant OccurredAt) : IDispatchEvent;

public sealed record AllocationLinesDispatched(Guid AllocationId, Guid IncidentId, IReadOnlyList<DepotLine> Lines, string Actor,
    Instant OccurredAt) : IDispatchEvent;

public sealed record AllocationLinesReturned(Guid AllocationId, Guid IncidentId, IReadOnlyList<DepotLine> Lines, string? Note, string Actor,
    Instant OccurredAt) : IDispatchEvent;

public sealed record AllocationLinesReleased(Guid AllocationId, Guid IncidentId, IReadOnlyList<DepotLine> Lines, string? Reason,
    string Actor, Instant OccurredAt) : IDispatchEvent;
