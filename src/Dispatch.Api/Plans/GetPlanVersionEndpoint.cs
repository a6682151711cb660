using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Plans;

public static class GetPlanVersionEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/emergency-plans/{id}/versions/{version}")]
    [ProducesResponseType(typeof(EmergencyPlanVersion), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, int version, HttpContext http, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<EmergencyPlanVersion>(EmergencyPlanVersion.IdFor(id, version), cancellation) is { } document
            ? Results.Ok(document)
            : Problems.NotFound($"Version {version} of plan {id}", http);
}
