using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Materials;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Materials;

public sealed record WriteOffMaterialsRequest(List<MaterialLineInput?>? Lines, string? Reason);

/// <summary>Available stock written off (spoiled, lost, damaged) with the reason; reserved stock cannot be written off.</summary>
public static class WriteOffMaterialsEndpoint
{
    [Authorize(Policy = Policies.Logistics)]
    [WolverinePost("/depots/{id}/write-offs")]
    [ProducesResponseType(typeof(DepotView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, WriteOffMaterialsRequest? request, HttpContext http, IDocumentStore store,
        MaterialsCatalog catalog, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var lines = MaterialInputs.Lines(request.Lines, catalog, "lines", errors);
        var reason = RequestRules.Required(request.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        var actor = http.Caller().Actor;
        return await DepotWrites.ChangeAsync(id, depot => DepotDecider.WriteOff(depot, lines!, reason!, actor, clock.GetCurrentInstant()),
            http, store, catalog, cancellation);
    }
}
