using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Domain.Units;

public sealed record UnitCommissioned(Guid UnitId, string CallSign, string Kind, int? Grid, string ResponsibleUnit,
    string HomePlaceId, GeoPoint HomePosition, int Crew, string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record UnitAssigned(Guid UnitId, Guid IncidentId, Guid DecisionId, GeoPoint IncidentLocation,
    double EtaSeconds, string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record UnitEnRoute(Guid UnitId, Guid IncidentId, string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record UnitArrivedOnScene(Guid UnitId, Guid IncidentId, GeoPoint Position, string Actor, Instant OccurredAt)
    : IDispatchEvent;

/// <summary>The unit finished with the incident and is available again, heading back to its staging point.</summary>
public sealed record UnitCleared(Guid UnitId, Guid IncidentId, GeoPoint Position, string ReturningToPlaceId,
    string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record UnitPositionReported(Guid UnitId, GeoPoint Position, string Actor, Instant OccurredAt,
    GivenPosition? GivenPosition = null) : IDispatchEvent;
