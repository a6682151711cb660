using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Reference;
using NodaTime;

namespace Dispatch.Projections;

public sealed record Responder(Guid UnitId, string CallSign, Guid DecisionId, double EtaSeconds, Instant DispatchedAt,
    Instant? EnRouteAt, Instant? OnSceneAt, Instant? ClearedAt, string Status);

/// <summary>What a dispatcher sees of one incident: the report, every dispatch decision, and each responder's progress.</summary>
public sealed record IncidentDetails(Guid Id, string Type, int Priority, GeoPoint Location, string? Address,
    string? Description, ZoneClassification Zone, string ReportedBy, Instant ReportedAt, string Status,
    IReadOnlyList<DispatchDecision> Decisions, IReadOnlyList<Responder> Responders, GivenPosition? GivenLocation);
