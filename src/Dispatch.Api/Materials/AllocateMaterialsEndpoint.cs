using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Materials;
using Dispatch.Domain.Reference;
using Dispatch.Projections;
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
        var requirements = request.Lines is null ? null : MaterialInputs.Lines(request.Lines, catalog, "lines", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Incident {id}", http);

        var source = "request";
        if (requirements is null)
        {
            // No lines given: the incident's emergency plan version asks for its scale's lines (2023 statement: by scale).
            await using var query = store.QuerySession();
            var planned = await EmergencyPlanRequirements.ForIncidentAsync(query, id, cancellation);
            if (planned is null) return Problems.NotFound($"Incident {id}", http);
            if (planned.Materials.Count == 0)
                return Problems.From(new Rejection(RejectionKind.RuleViolation, "no-plan-materials",
                    $"Incident {id} has no emergency plan listing materials for its scale ({planned.Plan.Scale}); list the lines to allocate."),
                    http);
            requirements = planned.Materials;
            source = $"plan:{planned.Plan.PlanId}:v{planned.Plan.Version}:{planned.Plan.Scale}";
        }

        var allocationId = request.Id ?? Guid.CreateVersion7(clock.GetCurrentInstant().ToDateTimeOffset());
        return await MaterialAllocator.AllocateAsync(id, allocationId, requirements, source, http, store, reference, catalog, clock,
            cancellation);
    }
}
