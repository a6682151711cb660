using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Plans;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Plans;

/// <summary>
/// Lessons about a plan after an incident or a drill. <c>id</c>: a client-chosen feedback id, so a retry files it once.
/// An incident's feedback is tied to the plan version the incident was handled under.
/// </summary>
public sealed record FilePlanFeedbackRequest(Guid? Id, string? Source, Guid? IncidentId, List<string?>? Lessons);

public static class FilePlanFeedbackEndpoint
{
    [Authorize(Policy = Policies.PlanFeedback)]
    [WolverinePost("/emergency-plans/{id}/feedback")]
    [ProducesResponseType(typeof(PlanFeedback), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, FilePlanFeedbackRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var source = PlanContentRules.OneOf(request.Source, FeedbackSources.All, "source", errors);
        var lessons = PlanContentRules.Lessons(request.Lessons, errors);
        if (request.Id == Guid.Empty) errors["id"] = ["must not be the empty GUID; omit it to let the server choose"];
        if (request.IncidentId == Guid.Empty) errors["incidentId"] = ["must not be the empty GUID"];
        if (source == FeedbackSources.Incident && request.IncidentId is null) errors["incidentId"] = ["is required for feedback from an incident"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Plan {id}", http);

        var now = clock.GetCurrentInstant();
        await using var write = WriteSession.Open(store, wolverine, http);
        var plan = await write.Session.Events.FetchForWriting<EmergencyPlanState>(id, cancellation);
        if (plan.Aggregate is null) return Problems.NotFound($"Plan {id}", http);
        PlanAttachment? incidentPlan = null;
        if (request.IncidentId is { } incidentId)
        {
            var incident = await write.Session.LoadAsync<IncidentState>(incidentId, cancellation);
            if (incident is null)
                return Problems.From(new Domain.Rejection(Domain.RejectionKind.RuleViolation, "unknown-incident",
                    $"Incident {incidentId} does not exist."), http);
            incidentPlan = incident.Plan;
        }
        var feedbackId = request.Id ?? Guid.CreateVersion7(now.ToDateTimeOffset());
        var decision = EmergencyPlanDecider.FileFeedback(plan.Aggregate, feedbackId, source!, request.IncidentId, incidentPlan, lessons!,
            write.Caller.Actor, now);
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (!decision.IsNoOp)
        {
            plan.AppendMany(decision.Events.ToArray());
            await write.Session.SaveChangesAsync(cancellation);
        }
        var state = decision.Events.Aggregate((EmergencyPlanState?)plan.Aggregate, EmergencyPlanState.Evolve)!;
        return Results.Created($"/emergency-plans/{id}", state.Feedback.Single(f => f.FeedbackId == feedbackId));
    }
}
