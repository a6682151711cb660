using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Materials;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Materials;

public sealed record ReceiveMaterialsRequest(List<MaterialLineInput?>? Lines, string? Note);

/// <summary>Stock received at a depot (a delivery): on hand and available grow by the lines.</summary>
public static class ReceiveMaterialsEndpoint
{
    [Authorize(Policy = Policies.Logistics)]
    [WolverinePost("/depots/{id}/receipts")]
    [ProducesResponseType(typeof(DepotView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, ReceiveMaterialsRequest? request, HttpContext http, IDocumentStore store,
        MaterialsCatalog catalog, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var lines = MaterialInputs.Lines(request.Lines, catalog, "lines", errors);
        var note = RequestRules.Text(request.Note, 500, "note", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        var actor = http.Caller().Actor;
        return await DepotWrites.ChangeAsync(id, depot => DepotDecider.Receive(depot, lines!, note, actor, clock.GetCurrentInstant()),
            http, store, catalog, cancellation);
    }
}
