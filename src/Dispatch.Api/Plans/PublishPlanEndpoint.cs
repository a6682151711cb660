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

public sealed record PublishPlanRequest(string? Code, string? Title, List<string?>? Steps, List<DepartmentDutyInput?>? Departments,
    MaterialsInput? Materials);

/// <summary>Publishes version 1 of the plan for an incident type; incidents of that type reported from now on get it.</summary>
public static class PublishPlanEndpoint
{
    [Authorize(Policy = Policies.AuthorPlans)]
    [WolverinePost("/emergency-plans")]
    [ProducesResponseType(typeof(PlanView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(PublishPlanRequest? request, HttpContext http, IDocumentStore store, IWolverineRuntime wolverine,
        IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var code = RequestRules.Code(request.Code, "code", errors);
        var content = PlanContentRules.Content(request.Title, request.Steps, request.Departments, request.Materials, null, errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        await using var write = WriteSession.Open(store, wolverine, http);
        var id = EmergencyPlanState.StreamIdFor(code!);
        var existing = await write.Session.LoadAsync<EmergencyPlanState>(id, cancellation);
        var decision = EmergencyPlanDecider.Publish(existing, code!, content!, write.Caller.Actor, clock.GetCurrentInstant());
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        // Starting the stream makes a concurrent publication of the same code lose (409).
        write.Session.Events.StartStream<EmergencyPlanState>(id, decision.Events.ToArray());
        await write.Session.SaveChangesAsync(cancellation);
        var state = decision.Events.Aggregate((EmergencyPlanState?)null, EmergencyPlanState.Evolve)!;
        return Results.Created($"/emergency-plans/{id}", PlanView.From(state));
    }
}
