using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.RollCalls;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.RollCalls;

/// <summary>A roll call per post: answered on time, late, not at all, or still pending.</summary>
public static class GetRollCallEndpoint
{
    [Authorize(Policy = Policies.ReadAlsoAsUnit)]
    [WolverineGet("/roll-calls/{id}")]
    [ProducesResponseType(typeof(RollCallView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, IClock clock, CancellationToken cancellation) =>
        await session.LoadAsync<RollCallState>(id, cancellation) is { } call
            ? Results.Ok(RollCallView.From(call, clock.GetCurrentInstant()))
            : Problems.NotFound($"Roll call {id}", http);
}
