using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Dispatch.Api.Access;

/// <summary>
/// The 401 and 403 answers as RFC 9457 problems. Each has one fixed text that names no resource, so a refusal
/// reads the same for a record that exists and one that does not.
/// </summary>
public static class AccessProblems
{
    public static IResult Unauthenticated() => Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
        title: "unauthenticated", type: "https://wuyang-patrol.example/problems/unauthenticated",
        detail: "A valid bearer token (Authorization: Bearer ...) or API key (X-Api-Key) is required.");

    public static IResult Forbidden() => Results.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "forbidden", type: "https://wuyang-patrol.example/problems/forbidden",
        detail: "The caller's roles do not allow this request.");
}

/// <summary>Writes the policy's refusals as <see cref="AccessProblems"/>, after the scheme's own challenge header.</summary>
public sealed class ProblemAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded)
        {
            await next(http);
            return;
        }
        if (result.Challenged || http.User.Identity?.IsAuthenticated != true)
        {
            await http.ChallengeAsync(); // WWW-Authenticate, with the bearer handler's reason for a token it refused
            await AccessProblems.Unauthenticated().ExecuteAsync(http);
            return;
        }
        await AccessProblems.Forbidden().ExecuteAsync(http);
    }
}
