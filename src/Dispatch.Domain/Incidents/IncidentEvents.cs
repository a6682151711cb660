using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Plans;
using Dispatch.Domain.Reference;
using NodaTime;

namespace Dispatch.Domain.Incidents;

/// <summary>
/// An incident was reported. <see cref="Location"/> is WGS-84; <see cref="GivenLocation"/> is exactly what the caller sent.
/// <see cref="DutyLevel"/> is the county duty level in force at the report (null on events written before it was recorded).
/// <see cref="Plan"/> is the emergency plan version matched to the type then, at scale small (its plan id null when no plan
/// existed for the type; the field null on events written before plans).
/// <see cref="Elderly"/> marks a one-key call of a registered person (null on every other report and on older events).
/// </summary>
public sealed record IncidentReported(Guid IncidentId, string Type, int Priority, GeoPoint Location, string? Address,
    string? Description, ZoneClassification Zone, string Actor, Instant OccurredAt, GivenPosition? GivenLocation = null,
    int UnitsRequested = 1, CallerContact? Caller = null, DutyLevel? DutyLevel = null, PlanAttachment? Plan = null,
    ElderlyCall? Elderly = null) : IDispatchEvent;

/// <summary>
/// A dispatcher reclassified the incident's type and/or scale; <see cref="Plan"/> is the plan version current for the new
/// type at that moment (plan id null when none exists), which the incident keeps from now on.
/// </summary>
public sealed record IncidentReclassified(Guid IncidentId, string PreviousType, string PreviousScale, string Type, string Scale,
    PlanAttachment Plan, string? Reason, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>
/// A one-key call (一键呼叫) of a person in the care registry: the person's id only (the record stays in the registry),
/// the device that called, the device's request id, and whether the location was <c>reported</c> by the device or the
/// person's <c>registered</c> one.
/// </summary>
public sealed record ElderlyCall(Guid PersonId, string? DeviceId, string? RequestId, string LocationSource);

/// <summary>A unit was sent; the decision carries every input and candidate so the choice can be re-run.</summary>
public sealed record UnitDispatched(Guid IncidentId, Guid UnitId, string CallSign, DispatchDecision Decision,
    string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>
/// A dispatcher took a unit off the incident (cancelled, or overridden to another incident). With no
/// unit left on it, the incident waits for dispatch again.
/// </summary>
public sealed record ResponderWithdrawn(Guid IncidentId, Guid UnitId, string How, string Reason, int StillResponding,
    string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record IncidentClosed(Guid IncidentId, string Reason, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>
/// A closed incident reopened; it starts response cycle <see cref="ResponseCycle"/> and is dispatched again.
/// <see cref="DutyLevel"/> is the county duty level in force at the reopening (null on older events).
/// </summary>
public sealed record IncidentReopened(Guid IncidentId, string Reason, int ResponseCycle, string Actor, Instant OccurredAt,
    DutyLevel? DutyLevel = null) : IDispatchEvent;

/// <summary>Dispatch ran and found no eligible unit; the decision says why each unit was excluded.</summary>
public sealed record NoUnitAvailable(Guid IncidentId, DispatchDecision Decision, string Actor, Instant OccurredAt)
    : IDispatchEvent;
