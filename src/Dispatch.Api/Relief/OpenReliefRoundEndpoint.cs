using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Api.Materials;
using Dispatch.Domain;
using Dispatch.Domain.Materials;
using Dispatch.Domain.Relief;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Relief;

public sealed record OpenReliefRoundRequest(Guid? Id, string? Name, string? Item, int? QuantityPerRecipient, Guid? DepotId, string? Note);

/// <summary>A distribution round of relief supplies (救助物资), e.g. "2026年冬季寒潮救助": one item, so many per recipient, from one depot.</summary>
public static class OpenReliefRoundEndpoint
{
    [Authorize(Policy = Policies.Logistics)]
    [WolverinePost("/relief-rounds")]
    [ProducesResponseType(typeof(ReliefRoundView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(OpenReliefRoundRequest? request, HttpContext http, IDocumentStore store, MaterialsCatalog catalog,
        IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        if (request.Id == Guid.Empty) errors["id"] = ["must not be the empty id; leave it out to have one made"];
        var name = RequestRules.Required(request.Name, 200, "name", errors);
        var item = MaterialInputs.Item(request.Item, catalog, "item", errors);
        var quantity = MaterialInputs.Quantity(request.QuantityPerRecipient, "quantityPerRecipient", errors);
        if (request.DepotId is null || request.DepotId == Guid.Empty) errors["depotId"] = ["is required"];
        var note = RequestRules.Text(request.Note, 500, "note", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var now = clock.GetCurrentInstant();
        var caller = http.Caller();
        await using var session = store.LightweightSession();
        session.CorrelationId = caller.CorrelationId;
        if (await session.LoadAsync<DepotState>(request.DepotId!.Value, cancellation) is not { } depot)
            return Problems.From(new Rejection(RejectionKind.RuleViolation, "unknown-depot", $"No depot has the id {request.DepotId}."), http);
        var id = request.Id ?? Guid.CreateVersion7(now.ToDateTimeOffset());
        if (await session.Events.FetchStreamStateAsync(id, cancellation) is not null)
            return Problems.From(new Rejection(RejectionKind.Conflict, "round-id-used", $"The id {id} is already used by another record."), http);
        var opened = new ReliefRoundOpened(id, name!, item!, quantity!.Value, depot.Id, note, caller.Actor, now);
        session.Events.StartStream<ReliefRoundState>(id, opened);
        await session.SaveChangesAsync(cancellation);
        var round = ReliefRoundState.Evolve(null, opened)!;
        return Results.Created($"/relief-rounds/{id}", GetReliefRoundEndpoint.View(round, [], depot, catalog));
    }
}
