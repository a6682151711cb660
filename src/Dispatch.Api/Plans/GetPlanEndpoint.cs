using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Plans;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Plans;

public static class GetPlanEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/emergency-plans/{id}")]
    [ProducesResponseType(typeof(PlanView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<EmergencyPlanState>(id, cancellation) is { } plan
            ? Results.Ok(PlanView.From(plan))
            : Problems.NotFound($"Plan {id}", http);
}
