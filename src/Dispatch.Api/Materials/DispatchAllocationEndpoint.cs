using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Materials;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Materials;

public sealed record DispatchAllocationRequest(List<DepotLineInput?>? Lines);

/// <summary>Reserved lines leave their depots for the incident; without lines, everything still reserved.</summary>
public static class DispatchAllocationEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/material-allocations/{id}/dispatches")]
    [ProducesResponseType(typeof(MaterialAllocationView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, DispatchAllocationRequest? request, HttpContext http, IDocumentStore store,
        MaterialsCatalog catalog, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var lines = MaterialInputs.DepotLines(request.Lines, catalog, "lines", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        return await AllocationLineChanges.ApplyAsync(id, AllocationLineChanges.Change.Dispatch, lines, null, http, store, catalog, clock,
            cancellation);
    }
}
