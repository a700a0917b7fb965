import { useState } from 'react';
import { App, Button, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { describeError } from '../../api/errors';
import { useT } from '../../i18n/context';
import { UPLOAD_ACCEPT, uploadProblem } from './portal-rules';
import { uploadFile, type UploadedFile } from './portal.api';

/**
 * The files of one material: each checked (PDF/JPEG/PNG, ≤ 20 MB) before it is sent, uploaded
 * with a progress bar; `onChange` receives the ids of the files the API stored.
 */
export function MaterialUpload({
  code,
  onChange,
  onBusyChange,
}: {
  code: string;
  onChange: (fileIds: string[]) => void;
  onBusyChange?: (busy: boolean) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile<UploadedFile>[]>([]);

  const publish = (list: UploadFile<UploadedFile>[]) => {
    setFiles(list);
    onChange(list.filter((f) => f.status === 'done' && f.response).map((f) => (f.response as UploadedFile).id));
    onBusyChange?.(list.some((f) => f.status === 'uploading'));
  };

  return (
    <Upload<UploadedFile>
      accept={UPLOAD_ACCEPT}
      fileList={files}
      data-testid={`upload-${code}`}
      beforeUpload={(file) => {
        const problem = uploadProblem(file);
        if (problem) {
          void message.error(`${file.name}: ${t(problem)}`);
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        uploadFile(file as Blob, (percent) => onProgress?.({ percent }))
          .then((stored) => onSuccess?.(stored))
          .catch((error: unknown) => {
            void message.error(describeError(error, t));
            onError?.(error instanceof Error ? error : new Error(String(error)));
          });
      }}
      onChange={({ fileList }) => publish(fileList.filter((f) => f.status !== 'error'))}
    >
      <Button icon={<UploadOutlined />} data-testid={`upload-button-${code}`}>
        {t('apply.upload')}
      </Button>
    </Upload>
  );
}
