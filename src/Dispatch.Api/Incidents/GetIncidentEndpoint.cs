using Dispatch.Api.Hosting;
using Dispatch.Projections;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Incidents;

public static class GetIncidentEndpoint
{
    [WolverineGet("/incidents/{id}")]
    [ProducesResponseType(typeof(IncidentDetails), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<IncidentDetails>(id, cancellation) is { } details
            ? Results.Ok(details)
            : Problems.NotFound($"Incident {id}", http);
}
