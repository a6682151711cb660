using Dispatch.Api.Access;
using Dispatch.Api.Feed;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Integration;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Webhooks;

/// <param name="Url">Where deliveries are POSTed: an absolute http or https URL.</param>
/// <param name="Secret">The HMAC-SHA256 key deliveries are signed with, 16 to 256 characters; never shown again.</param>
/// <param name="Types">Contract names (e.g. <c>incident.reported.v1</c>); default: every contract the caller is granted.</param>
/// <param name="Grids">Grid numbers; default: every grid. County-wide events pass any grid filter.</param>
public sealed record RegisterWebhookRequest(string? Url, string? Secret, IReadOnlyList<string?>? Types, IReadOnlyList<int?>? Grids);

/// <summary>An integrator registers a URL for signed deliveries of the contracts it is granted, from this commit on.</summary>
public static class RegisterWebhookEndpoint
{
    public static void Configure(HttpChain chain) => chain.Metadata.Finally(b => b.RemoveStatusCodeResponse(200));

    [Authorize(Policy = Policies.Feed)]
    [WolverinePost("/webhooks")]
    [ProducesResponseType(typeof(WebhookView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(RegisterWebhookRequest? request, HttpContext http, IDocumentStore store, ReferenceData reference,
        IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var url = Url(request.Url, errors);
        var secret = request.Secret;
        if (string.IsNullOrEmpty(secret)) errors["secret"] = ["is required"];
        else if (secret.Length is < 16 or > 256 || secret.Any(char.IsControl))
            errors["secret"] = ["must be 16 to 256 characters without control characters"];
        var known = IntegrationContracts.All.Select(c => c.Name).ToHashSet();
        foreach (var (type, index) in (request.Types ?? []).Select((t, i) => (t, i)))
            if (type is null || !known.Contains(type))
                errors[$"types[{index}]"] = [$"must be a contract name, one of: {string.Join(", ", IntegrationContracts.All.Select(c => c.Name))}"];
        var gridNumbers = reference.Grids.Select(g => g.Number).ToHashSet();
        foreach (var (grid, index) in (request.Grids ?? []).Select((g, i) => (g, i)))
            if (grid is not { } number || !gridNumbers.Contains(number))
                errors[$"grids[{index}]"] = [$"must be a grid number, {gridNumbers.Min()} to {gridNumbers.Max()}"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var granted = http.User.FindAll(AccessClaims.Contract).Select(c => c.Value).Where(known.Contains).ToHashSet();
        var types = request.Types is { Count: > 0 } asked ? asked.Select(t => t!).Distinct().ToList() : [.. IntegrationContracts.All.Select(c => c.Name).Where(granted.Contains)];
        var notGranted = types.Where(t => !granted.Contains(t)).ToList();
        if (types.Count == 0 || notGranted.Count > 0)
            return Problems.From(new Domain.Rejection(Domain.RejectionKind.RuleViolation, "contract-not-granted", types.Count == 0
                ? "This caller is granted no contract (claim 'contract'), so no webhook can deliver anything to it."
                : $"This caller is not granted: {string.Join(", ", notGranted)}."), http);

        var now = clock.GetCurrentInstant();
        var id = Guid.CreateVersion7(now.ToDateTimeOffset());
        var caller = http.Caller();
        var registered = new WebhookRegistered(id, caller.Actor, url!, types, [.. (request.Grids ?? []).Select(g => g!.Value).Distinct().Order()],
            caller.Actor, now);
        await using var session = store.LightweightSession();
        session.CorrelationId = caller.CorrelationId;
        session.Events.StartStream<WebhookState>(id, registered);
        session.Store(new WebhookSigningKey { Id = id, Secret = secret! });
        await session.SaveChangesAsync(cancellation);
        return Results.Created($"/webhooks/{id}", WebhookView.From(WebhookState.Evolve(null, registered, 0)!));
    }

    private static string? Url(string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) errors["url"] = ["is required"];
        else if (value.Length > 2000) errors["url"] = ["must be at most 2000 characters"];
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            errors["url"] = ["must be an absolute http or https URL, e.g. https://receiver.example/wuyang"];
        else if (uri.UserInfo.Length > 0) errors["url"] = ["must not carry a user name or password: deliveries are authenticated by their signature"];
        else if (uri.Fragment.Length > 0) errors["url"] = ["must not have a fragment (#...)"];
        else return uri.AbsoluteUri;
        return null;
    }
}
