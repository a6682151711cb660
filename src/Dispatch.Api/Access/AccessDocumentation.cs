using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Wolverine.Http;

namespace Dispatch.Api.Access;

/// <summary>The OpenAPI document says how to authenticate and that every operation may answer 401, 403 and (writes) 429.</summary>
public static class AccessDocumentation
{
    public static void AddAccessSchemes(this OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
            Description = "A token of the bureau's identity provider: roles in `role`, a field unit's unit in `unit_id`.",
        };
        document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeys.Header,
            Description = "A machine's or device's key, issued by an administrator (POST /api-keys).",
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] },
        ];
        return Task.CompletedTask;
    });

    public static void DocumentAccessAnswers(this WolverineHttpOptions options) => options.ConfigureEndpoints(chain =>
    {
        chain.Metadata.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        if (chain.HttpMethods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m)))
            chain.Metadata.ProducesProblem(StatusCodes.Status429TooManyRequests);
    });
}
