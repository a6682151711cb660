using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Duty;

/// <summary>The duty level in force, the rule it sets, changes announced for later, and the whole history.</summary>
public static class GetDutyLevelEndpoint
{
    [Authorize(Policy = Policies.ReadAlsoAsUnit)]
    [WolverineGet("/duty-level")]
    [ProducesResponseType(typeof(DutyLevelView), StatusCodes.Status200OK)]
    public static async Task<IResult> Get(HttpContext http, IQuerySession session, ReferenceData reference, IClock clock,
        CancellationToken cancellation)
    {
        var state = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
        if (state is null) return Problems.NotFound("The county duty stream", http);
        http.Response.Headers.ETag = $"\"{state.Version}\"";
        return Results.Ok(DutyLevelView.From(state, reference, clock.GetCurrentInstant()));
    }
}
