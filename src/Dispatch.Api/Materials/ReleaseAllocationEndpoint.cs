using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Materials;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Materials;

public sealed record ReleaseAllocationRequest(List<DepotLineInput?>? Lines, string? Reason);

/// <summary>Reserved lines are given up and available again; without lines, everything still reserved.</summary>
public static class ReleaseAllocationEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/material-allocations/{id}/releases")]
    [ProducesResponseType(typeof(MaterialAllocationView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, ReleaseAllocationRequest? request, HttpContext http, IDocumentStore store,
        MaterialsCatalog catalog, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var lines = MaterialInputs.DepotLines(request.Lines, catalog, "lines", errors);
        var text = RequestRules.Text(request.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        return await AllocationLineChanges.ApplyAsync(id, AllocationLineChanges.Change.Release, lines, text, http, store, catalog, clock,
            cancellation);
    }
}
