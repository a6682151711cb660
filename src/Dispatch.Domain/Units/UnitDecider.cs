using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Domain.Units;

public static class UnitDecider
{
    public static UnitState? Evolve(UnitState? state, object @event) => @event switch
    {
        UnitCommissioned e => new UnitState(e.UnitId, e.CallSign, e.Kind, e.Grid, e.ResponsibleUnit, e.HomePlaceId,
            e.HomePosition, e.Crew, UnitStatus.Available, null, null, e.HomePosition, e.OccurredAt, e.OccurredAt),
        UnitAssigned e => Require(state) with
        {
            Status = UnitStatus.Assigned, CurrentIncidentId = e.IncidentId, IncidentLocation = e.IncidentLocation,
            LastChangedAt = e.OccurredAt,
        },
        UnitAcknowledged e => Require(state) with { Status = UnitStatus.Acknowledged, LastChangedAt = e.OccurredAt },
        UnitEnRoute e => Require(state) with { Status = UnitStatus.EnRoute, LastChangedAt = e.OccurredAt },
        UnitArrivedOnScene e => Require(state) with
        {
            Status = UnitStatus.OnScene, Position = e.Position, PositionAt = e.OccurredAt, LastChangedAt = e.OccurredAt,
        },
        UnitCleared e => Require(state) with
        {
            Status = UnitStatus.Available, CurrentIncidentId = null, IncidentLocation = null, Position = e.Position,
            PositionAt = e.OccurredAt, LastChangedAt = e.OccurredAt,
        },
        UnitReleased e => Require(state) with
        {
            Status = UnitStatus.Available, CurrentIncidentId = null, IncidentLocation = null, LastChangedAt = e.OccurredAt,
        },
        UnitDutyChanged e => Require(state) with { Status = e.Status, LastChangedAt = e.OccurredAt },
        UnitPositionReported e => Require(state) with { Position = e.Position, PositionAt = e.OccurredAt },
        UnitCrewChanged e => Require(state) with { Officers = e.Officers, Crew = e.Officers.Count, LastChangedAt = e.OccurredAt },
        _ => state,
    };

    private static UnitState Require(UnitState? state) =>
        state ?? throw new InvalidOperationException("A unit event arrived before the unit was commissioned.");

    private static readonly Decision NotFound = Decision.Reject(RejectionKind.NotFound, "unit-not-found", "No such unit.");

    public static Decision Commission(UnitState? state, UnitCommissioned commissioned) =>
        state is null ? Decision.Accept(commissioned) : Decision.NoOp;

    public static Decision Assign(UnitState? state, Guid incidentId, Guid decisionId, GeoPoint incidentLocation,
        double etaSeconds, string actor, Instant now)
    {
        if (state is null) return NotFound;
        if (state.CurrentIncidentId == incidentId) return Decision.NoOp;
        if (state.IsBusy)
            return Decision.Reject(RejectionKind.Conflict, "unit-busy",
                $"{state.CallSign} is {Describe(state.Status)} for incident {state.CurrentIncidentId}.");
        if (!UnitState.IsDispatchable(state.Status))
            return Decision.Reject(RejectionKind.Conflict, "unit-unavailable", $"{state.CallSign} is {Describe(state.Status)}.");
        return Decision.Accept(new UnitAssigned(state.Id, incidentId, decisionId, incidentLocation, etaSeconds, actor, now));
    }

    /// <summary>
    /// A dispatcher's explicit override: the unit is released from its current incident (its own event,
    /// with actor and reason) and assigned to this one, in one decision.
    /// </summary>
    public static Decision Reassign(UnitState? state, Guid incidentId, Guid decisionId, GeoPoint incidentLocation,
        double etaSeconds, string reason, string actor, Instant now)
    {
        if (state is null) return NotFound;
        if (!state.IsBusy || state.CurrentIncidentId == incidentId)
            return Assign(state, incidentId, decisionId, incidentLocation, etaSeconds, actor, now);
        return Decision.Accept(
            new UnitReleased(state.Id, state.CurrentIncidentId!.Value, UnitReleased.Overridden,
                $"override for incident {incidentId}: {reason}", actor, now),
            new UnitAssigned(state.Id, incidentId, decisionId, incidentLocation, etaSeconds, actor, now));
    }

    /// <summary>
    /// Moves a unit along its assignment: acknowledged, en route, on scene, cleared. Repeating the
    /// current status is a no-op, so a field device may safely resend; going backwards is a conflict.
    /// </summary>
    public static Decision ChangeStatus(UnitState? state, UnitStatus target, Guid? incidentId, string actor, Instant now)
    {
        if (state is null) return NotFound;
        if (incidentId is { } claimed && state.CurrentIncidentId is { } current && claimed != current)
            return Decision.Reject(RejectionKind.Conflict, "wrong-incident",
                $"{state.CallSign} is assigned to incident {current}, not {claimed}.");

        if (target == UnitStatus.Available)
        {
            if (!state.IsBusy) return Decision.NoOp;
            // A unit cleared before arriving is wherever it last reported; on scene it is at the incident.
            return Decision.Accept(new UnitCleared(state.Id, state.CurrentIncidentId!.Value, state.Position,
                state.HomePlaceId, actor, now));
        }

        if (!state.IsBusy)
            return Decision.Reject(RejectionKind.Conflict, "unit-not-assigned",
                $"{state.CallSign} has no incident to be {Describe(target)} for.");
        if (state.Status == target) return Decision.NoOp;
        if (target < state.Status)
            return Decision.Reject(RejectionKind.Conflict, "status-goes-backwards",
                $"{state.CallSign} is already {Describe(state.Status)}; it cannot become {Describe(target)}.");

        var incident = state.CurrentIncidentId!.Value;
        return target switch
        {
            UnitStatus.Acknowledged => Decision.Accept(new UnitAcknowledged(state.Id, incident, actor, now)),
            UnitStatus.EnRoute => Decision.Accept(new UnitEnRoute(state.Id, incident, actor, now)),
            UnitStatus.OnScene => Decision.Accept(new UnitArrivedOnScene(state.Id, incident,
                state.IncidentLocation ?? state.Position, actor, now)),
            _ => Decision.Reject(RejectionKind.RuleViolation, "status-not-settable",
                $"The status '{Describe(target)}' is set by dispatch, not by the unit."),
        };
    }

    /// <summary>A dispatcher takes the unit off an incident it has not finished (for example, cancelled en route).</summary>
    public static Decision Cancel(UnitState? state, Guid incidentId, string reason, string actor, Instant now)
    {
        if (state is null) return NotFound;
        if (state.CurrentIncidentId != incidentId)
            return Decision.Reject(RejectionKind.Conflict, "not-on-incident",
                $"{state.CallSign} is not on incident {incidentId}.");
        return Decision.Accept(new UnitReleased(state.Id, incidentId, UnitReleased.Cancelled, reason, actor, now));
    }

    /// <summary>Duty changes happen off an assignment; a unit on one must clear or be cancelled first.</summary>
    public static Decision ChangeDuty(UnitState? state, UnitStatus duty, string? reason, string actor, Instant now)
    {
        if (state is null) return NotFound;
        if (UnitState.IsAssignment(duty))
            return Decision.Reject(RejectionKind.RuleViolation, "status-not-settable",
                $"'{Describe(duty)}' is set by dispatch, not as a duty status.");
        if (state.IsBusy)
            return Decision.Reject(RejectionKind.Conflict, "unit-on-assignment",
                $"{state.CallSign} is {Describe(state.Status)} for incident {state.CurrentIncidentId}; clear or cancel it first.");
        if (state.Status == duty) return Decision.NoOp;
        return Decision.Accept(new UnitDutyChanged(state.Id, duty, reason, actor, now));
    }

    public static Decision ChangeCrew(UnitState? state, IReadOnlyList<string> officers, IReadOnlyList<string> current, string? reason,
        string actor, Instant now)
    {
        if (state is null) return NotFound;
        if (officers.Count == 0)
            return Decision.Reject(RejectionKind.RuleViolation, "crew-empty", "A unit needs at least one officer; take it off duty instead.");
        if (officers.Order(StringComparer.Ordinal).SequenceEqual(current.Order(StringComparer.Ordinal))) return Decision.NoOp;
        return Decision.Accept(new UnitCrewChanged(state.Id, officers, reason, actor, now));
    }

    public static Decision ReportPosition(UnitState? state, GeoPoint position, string actor, Instant now, GivenPosition? given = null)
    {
        if (state is null) return NotFound;
        return Decision.Accept(new UnitPositionReported(state.Id, position, actor, now, given));
    }

    public static string Describe(UnitStatus status) => status switch
    {
        UnitStatus.Available => "available",
        UnitStatus.AtStagingPoint => "at the staging point",
        UnitStatus.OnPatrol => "on patrol",
        UnitStatus.OnBreak => "on break",
        UnitStatus.OutOfService => "out of service",
        UnitStatus.OffDuty => "off duty",
        UnitStatus.Assigned => "assigned",
        UnitStatus.Acknowledged => "acknowledged",
        UnitStatus.EnRoute => "en route",
        UnitStatus.OnScene => "on scene",
        _ => status.ToString(),
    };
}
