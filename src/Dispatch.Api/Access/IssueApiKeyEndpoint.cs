using Dispatch.Api.Hosting;
using Dispatch.Domain.Access;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Access;

public sealed record IssueApiKeyRequest(string? Name, IReadOnlyList<string?>? Roles, Guid? UnitId, IReadOnlyList<string?>? Contracts);

/// <param name="Key">The whole key, shown this once: only its hash is stored.</param>
public sealed record IssuedApiKey(string Key, ApiKeyView Details);

/// <summary>An administrator issues a key for a machine or device: a field unit's tablet (with its unit), an integrator (with its contracts).</summary>
public static partial class IssueApiKeyEndpoint
{
    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9.-]{1,99}$")]
    private static partial System.Text.RegularExpressions.Regex ContractPattern();

    public static void Configure(HttpChain chain) => chain.Metadata.Finally(b => b.RemoveStatusCodeResponse(200));

    [Authorize(Policy = Policies.Administer)]
    [WolverinePost("/api-keys")]
    [ProducesResponseType(typeof(IssuedApiKey), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(IssueApiKeyRequest? request, HttpContext http, IDocumentStore store, IClock clock,
        CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var name = RequestRules.Required(request.Name, 100, "name", errors);
        if (request.Roles is not { Count: > 0 } || request.Roles.Any(r => r is null || !Roles.All.Contains(r)))
            errors["roles"] = [$"must list one or more of: {string.Join(", ", Roles.GrantableToKeys)}"];
        if (request.UnitId == Guid.Empty) errors["unitId"] = ["must not be the empty GUID"];
        var contracts = new List<string>();
        foreach (var (contract, index) in (request.Contracts ?? []).Select((c, i) => (c, i)))
            if (contract is not null && ContractPattern().IsMatch(contract)) contracts.Add(contract);
            else errors[$"contracts[{index}]"] = ["must be a contract name such as 'incident-reported.v1' (a-z, 0-9, '.', '-')"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var now = clock.GetCurrentInstant();
        var id = Guid.CreateVersion7(now.ToDateTimeOffset());
        await using var session = store.LightweightSession();
        session.CorrelationId = http.Caller().CorrelationId;
        if (request.UnitId is { } unitId && await session.LoadAsync<UnitState>(unitId, cancellation) is null)
            return Problems.From(new Domain.Rejection(Domain.RejectionKind.RuleViolation, "unknown-unit", $"No unit {unitId}."), http);
        var (key, hash) = ApiKeys.Create(id);
        var issued = new ApiKeyIssued(id, name!, [.. request.Roles!.Select(r => r!).Distinct()], request.UnitId, [.. contracts.Distinct()], hash,
            http.Caller().Actor, now);
        var decision = ApiKeyDecider.Issue(null, issued);
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        session.Events.StartStream<ApiKeyState>(id, decision.Events.ToArray());
        await session.SaveChangesAsync(cancellation);
        return Results.Json(new IssuedApiKey(key, ApiKeyView.From(ApiKeyState.Evolve(null, issued)!)), statusCode: StatusCodes.Status201Created);
    }
}
