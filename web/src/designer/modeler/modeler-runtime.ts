// The heavy part of the designer, loaded only through a dynamic import: bpmn-js's Modeler with the
// Camunda 7 properties panel, element templates and Camunda behaviours, the browser linter and
// their styles. Nothing here is in the console's main bundle.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import './modeler.css';
import Modeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import CamundaBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import type { ElementTemplate } from './element-templates';
import { modelerTranslate } from './modeler-i18n';

export { lintDefinitions } from './browser-lint';

export interface CreateModelerOptions {
  container: HTMLElement;
  propertiesParent: HTMLElement;
  templates: ElementTemplate[];
  /** The language of the palette, context pad, menus and properties panel. */
  locale: 'zh' | 'en';
}

export function createModeler({ container, propertiesParent, templates, locale }: CreateModelerOptions) {
  return new Modeler({
    container,
    propertiesPanel: { parent: propertiesParent },
    elementTemplates: templates,
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      ElementTemplatesPropertiesProviderModule,
      CamundaBehaviorsModule,
      { translate: ['value', modelerTranslate(locale)] },
    ],
    moddleExtensions: { camunda: camundaModdle },
  } as ConstructorParameters<typeof Modeler>[0]);
}
