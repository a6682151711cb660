using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Roads;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Incidents;

public sealed record AssignUnitRequest(Guid? UnitId, bool? Override, string? Reason);

/// <summary>
/// A dispatcher sends a unit of their choosing (also as an extra unit). A unit committed to another
/// incident is refused unless the request says <c>override</c> with a reason; then the unit is
/// released from the other incident as its own event, and that incident is dispatched again. The
/// decision records the dispatcher's choice and reason beside what the recommendation would have been.
/// </summary>
public static class AssignUnitEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/incidents/{id}/assignments")]
    [ProducesResponseType(typeof(Projections.IncidentDetails), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, AssignUnitRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        if (request.UnitId is null || request.UnitId == Guid.Empty) errors["unitId"] = ["is required"];
        var overriding = request.Override == true;
        var reason = overriding
            ? RequestRules.Required(request.Reason, 500, "reason", errors)
            : RequestRules.Text(request.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Incident {id}", http);
        var unitId = request.UnitId!.Value;

        var caller = http.Caller();
        var now = clock.GetCurrentInstant();
        await using var write = WriteSession.Open(store, wolverine, http);
        var (session, outbox) = (write.Session, write.Outbox);
        var incident = await session.Events.FetchForWriting<IncidentState>(id, cancellation);
        if (incident.Aggregate is null) return Problems.NotFound($"Incident {id}", http);
        var unit = await session.Events.FetchForWriting<UnitState>(unitId, cancellation);
        if (unit.Aggregate is null) return Problems.NotFound($"Unit {unitId}", http);
        if (unit.Aggregate.CurrentIncidentId == id) return Results.Ok(await session.LoadAsync<Projections.IncidentDetails>(id, cancellation));
        if (unit.Aggregate.IsBusy && !overriding)
            return Problems.From(new Domain.Rejection(Domain.RejectionKind.Conflict, "unit-busy",
                $"{unit.Aggregate.CallSign} is {UnitDecider.Describe(unit.Aggregate.Status)} for incident " +
                $"{unit.Aggregate.CurrentIncidentId}. Send \"override\": true with a reason to take it from there."), http);

        var decision = ManualDecision(incident.Aggregate, unit.Aggregate, await session.Query<UnitState>().ToListAsync(cancellation),
            reference, await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation), now, overriding, reason, caller.Actor);
        if (decision is null)
            return Problems.From(new Domain.Rejection(Domain.RejectionKind.RuleViolation, "unit-unreachable",
                $"{unit.Aggregate.CallSign} has no road path to the incident."), http);
        var dispatched = IncidentDecider.RecordManualDispatch(incident.Aggregate, decision, caller.Actor, now);
        if (dispatched.Rejection is { } closed) return Problems.From(closed, http);
        var assignment = overriding
            ? UnitDecider.Reassign(unit.Aggregate, id, decision.DecisionId, incident.Aggregate.Location, decision.EtaSeconds!.Value,
                reason!, caller.Actor, now)
            : UnitDecider.Assign(unit.Aggregate, id, decision.DecisionId, incident.Aggregate.Location, decision.EtaSeconds!.Value,
                caller.Actor, now);
        if (assignment.Rejection is { } refused) return Problems.From(refused, http);

        if (assignment.Events.OfType<UnitReleased>().SingleOrDefault() is { } release)
        {
            var other = await session.Events.FetchForWriting<IncidentState>(release.IncidentId, cancellation);
            var others = (await IncidentResponders.OnIncident(session, other.Aggregate!, cancellation)).Count(u => u.Id != unitId);
            other.AppendMany(IncidentDecider.Withdraw(other.Aggregate, unitId, UnitReleased.Overridden,
                $"taken for incident {id} by {caller.Actor}: {reason}", others, caller.Actor, now).Events.ToArray());
            await outbox.PublishAsync(new DispatchIncident(release.IncidentId, caller.Actor, caller.CorrelationId));
        }
        unit.AppendMany(assignment.Events.ToArray());
        incident.AppendMany(dispatched.Events.ToArray());
        await session.SaveChangesAsync(cancellation);

        await using var query = store.QuerySession();
        return Results.Ok(await query.LoadAsync<Projections.IncidentDetails>(id, cancellation));
    }

    /// <summary>The recommendation as it would have run, with the dispatcher's unit and reason as the choice.</summary>
    private static DispatchDecision? ManualDecision(IncidentState incident, UnitState unit, IReadOnlyList<UnitState> board,
        ReferenceData reference, CountyDutyState? duty, Instant now, bool overriding, string? reason, string actor)
    {
        var inputs = Dispatcher.Inputs(incident, board, reference, duty, now);
        var recommended = Recommendation.Recommend(reference.Roads, inputs, Guid.CreateVersion7(now.ToDateTimeOffset()));
        var eta = TravelTimeSearch.EtasTo(reference.Roads, incident.Location, [(unit.Id, unit.Position)],
            new TravelConditions(inputs.SpeedFactor, inputs.ApproachSpeedKph)).GetValueOrDefault(unit.Id);
        if (eta is null) return null;
        var seconds = eta.Seconds;
        var mode = overriding ? DispatchDecision.Override : DispatchDecision.Manual;
        return recommended with
        {
            ChosenUnitId = unit.Id,
            ChosenCallSign = unit.CallSign,
            EtaSeconds = seconds,
            WithinTarget = seconds <= incident.Zone.TargetSeconds,
            Mode = mode,
            RecommendedCallSign = recommended.ChosenCallSign,
            Explanation = $"{mode} assignment of {unit.CallSign} by {actor} ({seconds:F0} s by road): {reason ?? "no reason given"}. " +
                          $"The recommendation was {recommended.ChosenCallSign ?? "no unit"}: {recommended.Explanation}",
        };
    }
}
