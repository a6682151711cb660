using Dispatch.Api.Hosting;
using Dispatch.Api.Incidents;
using Dispatch.Domain.Access;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Access;

/// <summary>Revokes a key: the next request with it, to any API process, is a 401. Revoking again changes nothing.</summary>
public static class RevokeApiKeyEndpoint
{
    [Authorize(Policy = Policies.Administer)]
    [WolverinePost("/api-keys/{id}/revoke")]
    [ProducesResponseType(typeof(ApiKeyView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, IncidentActionRequest? request, HttpContext http, IDocumentStore store, IClock clock,
        CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var reason = RequestRules.Required(request.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Key {id}", http);

        await using var session = store.LightweightSession();
        session.CorrelationId = http.Caller().CorrelationId;
        var stream = await session.Events.FetchForWriting<ApiKeyState>(id, cancellation);
        var decision = ApiKeyDecider.Revoke(stream.Aggregate, reason!, http.Caller().Actor, clock.GetCurrentInstant());
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (decision.IsNoOp) return Results.Ok(ApiKeyView.From(stream.Aggregate!));
        stream.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(ApiKeyView.From(decision.Events.Aggregate(stream.Aggregate, ApiKeyState.Evolve)!));
    }
}
