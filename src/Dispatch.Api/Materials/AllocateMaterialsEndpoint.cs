using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Materials;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Materials;

public sealed record AllocateMaterialsRequest(Guid? Id, List<MaterialLineInput?>? Lines);

/// <summary>
/// A dispatcher allocates materials to an incident by its scale and location (2023 statement): the lines given are taken from
/// the depots nearest by road, split where one is short, the shortfall recorded (<see cref="MaterialAllocator.AllocateAsync"/>).
/// </summary>
public static class AllocateMaterialsEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/incidents/{id}/material-allocations")]
    [ProducesResponseType(typeof(MaterialAllocationView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, AllocateMaterialsRequest? request, HttpContext http, IDocumentStore store,
        ReferenceData reference, MaterialsCatalog catalog, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        if (request.Id == Guid.Empty) errors["id"] = ["must not be the empty id; leave it out to have one made"];
        // The emergency plan's lines for the incident's scale become the default when the body names none (issue 7, plans).
        var requirements = MaterialInputs.Lines(request.Lines, catalog, "lines", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Incident {id}", http);

        var allocationId = request.Id ?? Guid.CreateVersion7(clock.GetCurrentInstant().ToDateTimeOffset());
        return await MaterialAllocator.AllocateAsync(id, allocationId, requirements!, "request", http, store, reference, catalog, clock,
            cancellation);
    }
}
