using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Materials;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Materials;

/// <summary>The depots (仓库) and their stock per item: on hand, reserved for allocations, available.</summary>
public static class GetDepotsEndpoint
{
    public static void Configure(HttpChain chain)
    {
        if (chain.RoutePattern?.RawText == "/depots") chain.Metadata.Finally(b => b.RemoveStatusCodeResponse(404));
    }

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/depots")]
    public static async Task<IReadOnlyList<DepotView>> GetAll(IQuerySession session, MaterialsCatalog catalog, CancellationToken cancellation)
    {
        var depots = await session.Query<DepotState>().ToListAsync(cancellation);
        return depots.OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Id).Select(d => DepotView.From(d, catalog)).ToList();
    }

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/depots/{id}")]
    [ProducesResponseType(typeof(DepotView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> GetOne(Guid id, HttpContext http, IQuerySession session, MaterialsCatalog catalog,
        CancellationToken cancellation) =>
        id != Guid.Empty && await session.LoadAsync<DepotState>(id, cancellation) is { } depot
            ? Results.Ok(DepotView.From(depot, catalog))
            : Problems.NotFound($"Depot {id}", http);
}
