using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Elderly;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Elderly;

public sealed record AlertDeliveryRequest(Guid? PersonId, string? Status, string? Channel, string? Note);

/// <summary>
/// What became of the alert for one recipient (delivered, failed, acknowledged), how (sms, phone, visit, device, app, broadcast);
/// the actor is who recorded it. Acknowledged is final, a failure may be followed by another attempt.
/// </summary>
public static class RecordAlertDeliveryEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/risk-alerts/{id}/deliveries")]
    [ProducesResponseType(typeof(RiskAlertView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, AlertDeliveryRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        if (request.PersonId is null || request.PersonId == Guid.Empty) errors["personId"] = ["is required"];
        if (request.Status is null || !RiskAlertState.Outcomes.Contains(request.Status))
            errors["status"] = [$"must be one of {string.Join(", ", RiskAlertState.Outcomes)}"];
        if (request.Channel is null || !RiskAlertState.Channels.Contains(request.Channel))
            errors["channel"] = [$"must be one of {string.Join(", ", RiskAlertState.Channels)}"];
        var note = RequestRules.Text(request.Note, 500, "note", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Risk alert {id}", http);

        await using var write = WriteSession.Open(store, wolverine, http);
        var stream = await write.Session.Events.FetchForWriting<RiskAlertState>(id, cancellation);
        var decision = RiskAlertDecider.Record(stream.Aggregate, request.PersonId!.Value, request.Status!, request.Channel!, note,
            write.Caller.Actor, clock.GetCurrentInstant());
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        var state = stream.Aggregate!;
        if (!decision.IsNoOp)
        {
            stream.AppendMany(decision.Events.ToArray());
            await write.Session.SaveChangesAsync(cancellation);
            state = RiskAlertState.Evolve(state, decision.Events[0])! with { Version = (stream.CurrentVersion ?? 0) + 1 };
        }
        var people = await write.Session.LoadManyAsync<VulnerablePersonState>(cancellation, state.Recipients.Select(r => r.PersonId));
        return Results.Ok(RiskAlertView.From(state, people.ToDictionary(p => p.Id), http.User));
    }
}
