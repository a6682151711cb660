using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Plans;
using Dispatch.Domain.Reference;
using NodaTime;

namespace Dispatch.Projections;

/// <summary>One unit's response to the incident in one response cycle. Status: assigned, acknowledged, en-route, on-scene, cleared, cancelled or overridden.</summary>
public sealed record Responder(Guid UnitId, string CallSign, Guid DecisionId, double EtaSeconds, Instant DispatchedAt,
    Instant? EnRouteAt, Instant? OnSceneAt, Instant? ClearedAt, string Status, Instant? AcknowledgedAt = null,
    Instant? ReleasedAt = null, string? ReleaseReason = null, int ResponseCycle = 1, string DispatchMode = "recommended")
{
    public bool IsActive => ClearedAt is null && ReleasedAt is null;
}

/// <summary>
/// What a dispatcher sees of one incident: the report, every dispatch decision, and each responder's progress. <see cref="Plan"/>:
/// the emergency plan version attached and the incident's scale (null for incidents reported before plans).
/// </summary>
public sealed record IncidentDetails(Guid Id, string Type, int Priority, GeoPoint Location, string? Address,
    string? Description, ZoneClassification Zone, string ReportedBy, Instant ReportedAt, string Status,
    IReadOnlyList<DispatchDecision> Decisions, IReadOnlyList<Responder> Responders, GivenPosition? GivenLocation,
    int ResponseCycle = 1, Instant? ClosedAt = null, string? ClosedReason = null, int UnitsRequested = 1,
    CallerContact? Caller = null, PlanAttachment? Plan = null, ElderlyCall? Elderly = null);
