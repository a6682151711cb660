using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Materials;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Materials;

/// <summary>Every allocation of materials to an incident, oldest first, with its decision and its lines' progress.</summary>
public static class GetMaterialAllocationsEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/incidents/{id}/material-allocations")]
    [ProducesResponseType(typeof(IReadOnlyList<MaterialAllocationView>), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, MaterialsCatalog catalog,
        CancellationToken cancellation)
    {
        if (id == Guid.Empty || await session.LoadAsync<IncidentState>(id, cancellation) is null) return Problems.NotFound($"Incident {id}", http);
        var allocations = await session.Query<MaterialAllocationState>().Where(a => a.IncidentId == id).ToListAsync(cancellation);
        return Results.Ok(allocations.OrderBy(a => a.AllocatedAt).ThenBy(a => a.Id).Select(a => MaterialAllocationView.From(a, catalog)).ToList());
    }
}
