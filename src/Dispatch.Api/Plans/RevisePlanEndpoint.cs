using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Plans;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Plans;

/// <summary>
/// A new version: a reason and a trigger (drill, incident, rule-change) are required, the feedback that led to it optional;
/// content fields left out keep the current version's. <c>expectedVersion</c> makes it conditional.
/// </summary>
public sealed record RevisePlanRequest(string? Reason, string? Trigger, List<Guid>? FeedbackIds, int? ExpectedVersion, string? Title,
    List<string?>? Steps, List<DepartmentDutyInput?>? Departments, MaterialsInput? Materials);

/// <summary>Revises a plan. Incidents already classified keep the version they got; new ones get this one.</summary>
public static class RevisePlanEndpoint
{
    [Authorize(Policy = Policies.AuthorPlans)]
    [WolverinePost("/emergency-plans/{id}/revisions")]
    [ProducesResponseType(typeof(PlanView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, RevisePlanRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var reason = RequestRules.Required(request.Reason, 2000, "reason", errors);
        var trigger = PlanContentRules.OneOf(request.Trigger, PlanTriggers.All, "trigger", errors);
        if (request.FeedbackIds is { } ids && (ids.Count > 50 || ids.Contains(Guid.Empty)))
            errors["feedbackIds"] = ["must list at most 50 feedback ids, none of them the empty GUID"];
        if (request.ExpectedVersion is < 1) errors["expectedVersion"] = ["must be 1 or more"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Plan {id}", http);

        await using var write = WriteSession.Open(store, wolverine, http);
        var plan = await write.Session.Events.FetchForWriting<EmergencyPlanState>(id, cancellation);
        if (plan.Aggregate is null) return Problems.NotFound($"Plan {id}", http);
        var content = PlanContentRules.Content(request.Title, request.Steps, request.Departments, request.Materials,
            plan.Aggregate.Current with { Modeled = false }, errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        var decision = EmergencyPlanDecider.Revise(plan.Aggregate, content!, reason!, trigger!, request.FeedbackIds ?? [],
            request.ExpectedVersion, write.Caller.Actor, clock.GetCurrentInstant());
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        plan.AppendMany(decision.Events.ToArray());
        await write.Session.SaveChangesAsync(cancellation);
        var state = decision.Events.Aggregate((EmergencyPlanState?)plan.Aggregate, EmergencyPlanState.Evolve)!;
        return Results.Created($"/emergency-plans/{id}/versions/{state.CurrentVersion}", PlanView.From(state));
    }
}
