using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Domain.Units;

public sealed record UnitCommissioned(Guid UnitId, string CallSign, string Kind, int? Grid, string ResponsibleUnit,
    string HomePlaceId, GeoPoint HomePosition, int Crew, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>The unit took an incident.</summary>
public sealed record UnitAssigned(Guid UnitId, Guid IncidentId, Guid DecisionId, GeoPoint IncidentLocation,
    double EtaSeconds, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>The unit signed for the assignment (签收).</summary>
public sealed record UnitAcknowledged(Guid UnitId, Guid IncidentId, string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record UnitEnRoute(Guid UnitId, Guid IncidentId, string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record UnitArrivedOnScene(Guid UnitId, Guid IncidentId, GeoPoint Position, string Actor, Instant OccurredAt)
    : IDispatchEvent;

/// <summary>The unit finished with the incident and is available again, heading back to its staging point.</summary>
public sealed record UnitCleared(Guid UnitId, Guid IncidentId, GeoPoint Position, string ReturningToPlaceId,
    string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>
/// A dispatcher took the unit off the incident before it finished: cancelled (e.g. en route), or
/// released by an explicit override to send it elsewhere. The unit is available again where it is.
/// </summary>
public sealed record UnitReleased(Guid UnitId, Guid IncidentId, string How, string Reason, string Actor, Instant OccurredAt)
    : IDispatchEvent
{
    public const string Cancelled = "cancelled";
    public const string Overridden = "overridden";
}

/// <summary>Off an assignment: on patrol, at the staging point, on break, out of service, off duty.</summary>
public sealed record UnitDutyChanged(Guid UnitId, UnitStatus Status, string? Reason, string Actor, Instant OccurredAt)
    : IDispatchEvent;

public sealed record UnitPositionReported(Guid UnitId, GeoPoint Position, string Actor, Instant OccurredAt,
    GivenPosition? GivenPosition = null) : IDispatchEvent;

/// <summary>
/// The officers (badge numbers) crewing the unit from now on, e.g. HQ staff drawn in at a higher duty level.
/// Until the first such event the roster file's crew stands.
/// </summary>
public sealed record UnitCrewChanged(Guid UnitId, IReadOnlyList<string> Officers, string? Reason, string Actor, Instant OccurredAt)
    : IDispatchEvent;
