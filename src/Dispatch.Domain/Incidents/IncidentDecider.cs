using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Plans;
using Dispatch.Domain.Reference;
using NodaTime;

namespace Dispatch.Domain.Incidents;

public sealed record ReportIncident(Guid IncidentId, string Type, int Priority, GeoPoint Location, string? Address,
    string? Description, GivenPosition? GivenLocation = null, int UnitsRequested = 1, CallerContact? Caller = null,
    ElderlyCall? Elderly = null);

public static class IncidentDecider
{
    public static IncidentState? Evolve(IncidentState? state, object @event) => @event switch
    {
        IncidentReported e => new IncidentState(e.IncidentId, e.Type, e.Priority, e.Location, e.Zone, e.OccurredAt,
            IncidentStatus.AwaitingUnit, [], 0, e.Address, e.Description, e.GivenLocation, UnitsRequested: e.UnitsRequested,
            Caller: e.Caller, Plan: e.Plan, Elderly: e.Elderly),
        IncidentReclassified e => Require(state) with { Type = e.Type, Plan = e.Plan },
        // The incident is dispatched once this response cycle has sent as many units as it asked for.
        UnitDispatched e => Require(state) with
        {
            Status = Require(state).Status == IncidentStatus.Closed ? IncidentStatus.Closed
                : Require(state).UnitsSent + 1 >= Require(state).UnitsRequested ? IncidentStatus.Dispatched
                : IncidentStatus.AwaitingUnit,
            DispatchedUnits = [.. Require(state).DispatchedUnits, e.UnitId],
            DispatchAttempts = Require(state).DispatchAttempts + 1,
            SentThisCycle = [.. Require(state).SentThisCycle ?? [], e.UnitId],
        },
        NoUnitAvailable => Require(state) with { DispatchAttempts = Require(state).DispatchAttempts + 1 },
        // A unit taken off is not sent back to the same incident in this response cycle.
        ResponderWithdrawn e => Require(state) with
        {
            Status = Require(state).Status == IncidentStatus.Dispatched && Require(state).UnitsSent - 1 < Require(state).UnitsRequested
                ? IncidentStatus.AwaitingUnit
                : Require(state).Status,
            WithdrawnUnits = [.. Require(state).WithdrawnUnits ?? [], e.UnitId],
            SentThisCycle = (Require(state).SentThisCycle ?? []).Where(u => u != e.UnitId).ToList(),
        },
        IncidentClosed => Require(state) with { Status = IncidentStatus.Closed },
        IncidentReopened e => Require(state) with
        {
            Status = IncidentStatus.AwaitingUnit, ResponseCycle = e.ResponseCycle, WithdrawnUnits = [], SentThisCycle = [],
        },
        _ => state,
    };

    private static IncidentState Require(IncidentState? state) =>
        state ?? throw new InvalidOperationException("An incident event arrived before the incident was reported.");

    public static Decision Report(IncidentState? state, ReportIncident command, ZoneClassification zone, string actor,
        Instant now, DutyLevel? dutyLevel = null, PlanAttachment? plan = null)
    {
        // A retried create (same id, same report) is answered, not repeated; the same id for another report is a conflict.
        if (state is not null)
            return IsSameReport(state, command)
                ? Decision.NoOp
                : Decision.Reject(RejectionKind.Conflict, "incident-exists",
                    $"Incident {command.IncidentId} already exists with a different report; a retry must repeat the first report exactly.");
        return Decision.Accept(new IncidentReported(command.IncidentId, command.Type, command.Priority, command.Location,
            command.Address, command.Description, zone, actor, now, command.GivenLocation, command.UnitsRequested,
            Caller: command.Caller, DutyLevel: dutyLevel, Plan: plan, Elderly: command.Elderly));
    }

    private static bool IsSameReport(IncidentState state, ReportIncident command) =>
        state.Type == command.Type && state.Priority == command.Priority && state.Address == command.Address &&
        state.Description == command.Description && state.UnitsRequested == command.UnitsRequested &&
        state.Caller == command.Caller && state.Elderly == command.Elderly &&
        (state.GivenLocation ?? new GivenPosition(state.Location.Lat, state.Location.Lon, GeoPoint.Wgs84)) ==
        (command.GivenLocation ?? new GivenPosition(command.Location.Lat, command.Location.Lon, GeoPoint.Wgs84));

    /// <summary>Records a recommendation on the incident. One unit per incident until multi-unit responses arrive.</summary>
    public static Decision RecordDispatch(IncidentState? state, DispatchDecision decision, string actor, Instant now)
    {
        if (state is null) return Decision.Reject(RejectionKind.NotFound, "incident-not-found", "No such incident.");
        if (state.Status != IncidentStatus.AwaitingUnit) return Decision.NoOp;
        return decision.ChosenUnitId is { } unit
            ? Decision.Accept(new UnitDispatched(state.Id, unit, decision.ChosenCallSign!, decision, actor, now))
            : Decision.Accept(new NoUnitAvailable(state.Id, decision, actor, now));
    }

    /// <summary>A dispatcher's own choice of unit: allowed at any point before the incident is closed, also as an extra unit.</summary>
    public static Decision RecordManualDispatch(IncidentState? state, DispatchDecision decision, string actor, Instant now)
    {
        if (state is null) return Decision.Reject(RejectionKind.NotFound, "incident-not-found", "No such incident.");
        if (state.Status == IncidentStatus.Closed)
            return Decision.Reject(RejectionKind.Conflict, "incident-closed", $"Incident {state.Id} is closed; reopen it first.");
        return Decision.Accept(new UnitDispatched(state.Id, decision.ChosenUnitId!.Value, decision.ChosenCallSign!, decision, actor, now));
    }

    public static Decision Withdraw(IncidentState? state, Guid unitId, string how, string reason, int stillResponding,
        string actor, Instant now)
    {
        if (state is null) return Decision.Reject(RejectionKind.NotFound, "incident-not-found", "No such incident.");
        return Decision.Accept(new ResponderWithdrawn(state.Id, unitId, how, reason, stillResponding, actor, now));
    }

    public static Decision Close(IncidentState? state, string reason, string actor, Instant now)
    {
        if (state is null) return Decision.Reject(RejectionKind.NotFound, "incident-not-found", "No such incident.");
        if (state.Status == IncidentStatus.Closed) return Decision.NoOp;
        return Decision.Accept(new IncidentClosed(state.Id, reason, actor, now));
    }

    /// <summary>
    /// A new type and/or scale; the plan current for the (new) type then is attached. Nothing changed (type, scale and plan
    /// version as they are) is a no-op; a closed incident is not reclassified.
    /// </summary>
    public static Decision Reclassify(IncidentState? state, string? type, string scale, EmergencyPlanState? planForType, string? reason,
        string actor, Instant now)
    {
        if (state is null) return Decision.Reject(RejectionKind.NotFound, "incident-not-found", "No such incident.");
        if (state.Status == IncidentStatus.Closed)
            return Decision.Reject(RejectionKind.Conflict, "incident-closed", $"Incident {state.Id} is closed; reopen it first.");
        var plan = PlanAttachment.Of(planForType, scale);
        var newType = type ?? state.Type;
        if (newType == state.Type && state.Plan == plan) return Decision.NoOp;
        return Decision.Accept(new IncidentReclassified(state.Id, state.Type, state.Scale, newType, scale, plan, reason, actor, now));
    }

    public static Decision Reopen(IncidentState? state, string reason, string actor, Instant now, DutyLevel? dutyLevel = null)
    {
        if (state is null) return Decision.Reject(RejectionKind.NotFound, "incident-not-found", "No such incident.");
        if (state.Status != IncidentStatus.Closed)
            return Decision.Reject(RejectionKind.Conflict, "incident-not-closed", $"Incident {state.Id} is not closed.");
        return Decision.Accept(new IncidentReopened(state.Id, reason, state.ResponseCycle + 1, actor, now, dutyLevel));
    }
}
