using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Materials;
using Dispatch.Domain.Relief;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Relief;

public sealed record IssueReliefRequest(Guid? PersonId, string? HouseholdCode, string? Note);

/// <summary>
/// A recipient (a registered person, or a household) receives the round's supplies, which leave the depot. Once per round:
/// the issue's stream id is derived from round and recipient, so a second issue, sequential or racing, can only fail to
/// start that stream, and answers 409 naming the first.
/// </summary>
public static class IssueReliefEndpoint
{
    private const int MaxAttempts = 20;

    [Authorize(Policy = Policies.Logistics)]
    [WolverinePost("/relief-rounds/{id}/issues")]
    [ProducesResponseType(typeof(ReliefIssueView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, IssueReliefRequest? request, HttpContext http, IDocumentStore store, IClock clock,
        CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        if (request.PersonId == Guid.Empty) errors["personId"] = ["must not be the empty id"];
        var household = RequestRules.Text(request.HouseholdCode, 64, "householdCode", errors);
        if (household is not null && string.IsNullOrWhiteSpace(household)) errors["householdCode"] = ["must not be blank"];
        if ((request.PersonId is null) == (request.HouseholdCode is null))
            errors["recipient"] = ["give exactly one of personId (a registered person) and householdCode"];
        var note = RequestRules.Text(request.Note, 500, "note", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Relief round {id}", http);

        var householdCode = household is null ? null : ReliefIssueState.NormalizeHouseholdCode(household);
        var issueId = ReliefIssueState.StreamIdFor(id, ReliefIssueState.RecipientKey(request.PersonId, householdCode));
        var caller = http.Caller();
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = caller.CorrelationId;
            if (await session.LoadAsync<ReliefRoundState>(id, cancellation) is not { } round) return Problems.NotFound($"Relief round {id}", http);
            if (request.PersonId is { } person &&
                await ReliefRecipients.CheckRegisteredPersonAsync(person, session, cancellation) is { } unregistered)
                return Problems.From(unregistered, http);
            if (await session.LoadAsync<ReliefIssueState>(issueId, cancellation) is { } first) return AlreadyIssued(first, http);

            var depot = await session.Events.FetchForWriting<DepotState>(round.DepotId, cancellation);
            var now = clock.GetCurrentInstant();
            var stock = DepotDecider.Issue(depot.Aggregate, round.Id, issueId, [new MaterialLine(round.Item, round.QuantityPerRecipient)],
                caller.Actor, now);
            if (stock.Rejection is { } rejection) return Problems.From(rejection, http);
            var issued = new ReliefIssued(issueId, round.Id, request.PersonId, householdCode, round.DepotId, round.Item,
                round.QuantityPerRecipient, note, caller.Actor, now);
            session.Events.StartStream<ReliefIssueState>(issueId, issued);
            depot.AppendMany(stock.Events.ToArray());
            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e) && attempt < MaxAttempts)
            {
                // Either the recipient was served meanwhile (the next round finds the first issue) or the depot changed.
                continue;
            }
            return Results.Created($"/relief-rounds/{id}", ReliefIssueView.From(ReliefIssueState.Evolve(null, issued)!));
        }
    }

    private static IResult AlreadyIssued(ReliefIssueState first, HttpContext http) => Results.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "already-issued",
        type: "https://wuyang-patrol.example/problems/already-issued", instance: http.Request.Path,
        detail: $"This recipient already received this round's supplies: issue {first.Id} at {first.IssuedAt} by {first.IssuedBy}.",
        extensions: new Dictionary<string, object?> { ["firstIssue"] = ReliefIssueView.From(first) });
}
