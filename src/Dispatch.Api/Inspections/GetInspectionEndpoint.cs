using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Inspections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Inspections;

public static class GetInspectionEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/inspections/{date}")]
    [ProducesResponseType(typeof(InspectionState), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string date, HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        if (RequestRules.Date(date, "date", errors) is not { } day) return Results.ValidationProblem(errors, instance: http.Request.Path);
        return await session.LoadAsync<InspectionState>(InspectionState.StreamIdFor(day), cancellation) is { } inspection
            ? Results.Ok(inspection)
            : Problems.NotFound($"The spot-check of {day:yyyy-MM-dd}", http);
    }
}
