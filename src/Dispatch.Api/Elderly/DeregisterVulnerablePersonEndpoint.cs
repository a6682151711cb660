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

public sealed record DeregisterPersonRequest(string? Reason);

/// <summary>Takes a person off the registry: no more alerts, one-key calls or relocations; the history stays. Repeating it is a no-op.</summary>
public static class DeregisterVulnerablePersonEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/vulnerable-people/{id}/deregister")]
    [ProducesResponseType(typeof(VulnerablePersonView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, DeregisterPersonRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var reason = RequestRules.Required(request?.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Person {id}", http);

        await using var write = WriteSession.Open(store, wolverine, http);
        var stream = await write.Session.Events.FetchForWriting<VulnerablePersonState>(id, cancellation);
        var decision = VulnerablePersonDecider.Deregister(stream.Aggregate, reason!, write.Caller.Actor, clock.GetCurrentInstant());
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (decision.IsNoOp) return Results.Ok(VulnerablePersonView.From(stream.Aggregate!, http.User));
        stream.AppendMany(decision.Events.ToArray());
        await write.Session.SaveChangesAsync(cancellation);
        var state = VulnerablePersonState.Evolve(stream.Aggregate, decision.Events[0])! with { Version = (stream.CurrentVersion ?? 0) + 1 };
        return Results.Ok(VulnerablePersonView.From(state, http.User));
    }
}
