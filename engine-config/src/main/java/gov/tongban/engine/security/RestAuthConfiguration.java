package gov.tongban.engine.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Protects /engine-rest with HTTP basic authentication against the engine's identity service.
 * The Camunda starter has no property for this, so the filter is registered here. The technical
 * user is created from camunda.bpm.admin-user at start-up. The provider also honours an
 * X-Tongban-Actor header so that the engine's user-operation log names the real clerk.
 */
@Configuration
@ConditionalOnProperty(name = "tongban.engine.rest-auth-enabled", havingValue = "true", matchIfMissing = true)
public class RestAuthConfiguration {

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthenticationFilter() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>();
    registration.setName("tongban-engine-rest-auth");
    registration.setFilter(new ProcessEngineAuthenticationFilter());
    registration.addInitParameter("authentication-provider", ActingUserBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*");
    registration.setOrder(1);
    return registration;
  }
}
