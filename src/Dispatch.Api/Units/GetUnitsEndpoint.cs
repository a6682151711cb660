using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Units;

public static class GetUnitsEndpoint
{
    public static void Configure(HttpChain chain)
    {
        if (chain.RoutePattern?.RawText == "/units") chain.Metadata.Finally(b => b.RemoveStatusCodeResponse(404));
    }

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/units")]
    public static async Task<IReadOnlyList<UnitBoardRow>> GetAll(IQuerySession session, CancellationToken cancellation)
    {
        var units = await session.Query<UnitState>().ToListAsync(cancellation);
        return units.OrderBy(u => u.CallSign, StringComparer.Ordinal).Select(UnitBoardRow.From).ToList();
    }

    [Authorize(Policy = Policies.ReadAlsoAsUnit)]
    [WolverineGet("/units/{id}")]
    [ProducesResponseType(typeof(UnitBoardRow), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> GetOne(Guid id, HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        if (UnitScope.ForbidRead(http, id) is { } forbidden) return forbidden;
        if (await session.LoadAsync<UnitState>(id, cancellation) is not { } unit) return Problems.NotFound($"Unit {id}", http);
        var row = UnitBoardRow.From(unit);
        http.Response.Headers.ETag = row.ETag;
        return Results.Ok(row);
    }
}
