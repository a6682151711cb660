using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Materials;
using Dispatch.Domain.Relief;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Relief;

/// <summary>A relief distribution round with every issue to a recipient.</summary>
public static class GetReliefRoundEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/relief-rounds/{id}")]
    [ProducesResponseType(typeof(ReliefRoundView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, MaterialsCatalog catalog,
        CancellationToken cancellation)
    {
        if (id == Guid.Empty || await session.LoadAsync<ReliefRoundState>(id, cancellation) is not { } round)
            return Problems.NotFound($"Relief round {id}", http);
        var issues = await session.Query<ReliefIssueState>().Where(i => i.RoundId == id).ToListAsync(cancellation);
        var depot = await session.LoadAsync<DepotState>(round.DepotId, cancellation);
        return Results.Ok(View(round, issues, depot, catalog));
    }

    public static ReliefRoundView View(ReliefRoundState round, IReadOnlyList<ReliefIssueState> issues, DepotState? depot, MaterialsCatalog catalog)
    {
        var item = catalog.ItemsByCode.GetValueOrDefault(round.Item);
        return new ReliefRoundView(round.Id, round.Name, round.Item, item?.Name ?? round.Item, item?.Unit ?? "", round.QuantityPerRecipient,
            round.DepotId, depot?.Name ?? "", depot?.AvailableOf(round.Item) ?? 0, round.Note, round.OpenedAt, round.OpenedBy, issues.Count,
            issues.Sum(i => i.Quantity),
            issues.OrderBy(i => i.IssuedAt).ThenBy(i => i.Id).Select(ReliefIssueView.From).ToList());
    }
}
